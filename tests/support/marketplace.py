"""A company selling on the simulated marketplaces, set up over HTTP: its warehouse with stock, the
marketplace as a customer, a seller-balance cash book, fee accounts, and a connected shop per platform.
Used by the end-to-end tests and the webhook benchmark."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from tests.support.product import Client

SKUS = {"BERAS-10": ("Beras Wangi 10kg", "45.90"), "GULA-1": ("Gula Pasir 1kg", "4.20")}


@dataclass
class Seller:
    company: Client
    warehouse: str
    items: dict[str, str]  # SKU -> item id
    settings: dict[str, Any]
    connections: dict[str, dict[str, Any]] = field(default_factory=dict)  # platform -> the connection


def created(company: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = company.post(path, body)
    assert answer.status == 201, (path, answer.body)
    return dict(answer.body)


def account_id(company: Client, code: str) -> str:
    found = [a for a in company.list_all(f"/v1/accounts?q={code}") if a["code"] == code]
    assert found, code
    return str(found[0]["id"])


def seller(company: Client, stock: int = 10_000) -> Seller:
    """The company's marketplace set-up (no shop connected yet), with ``stock`` of each SKU received."""
    hq = next(u for u in company.list_all("/v1/org-units?q=HQ") if u["code"] == "HQ")
    warehouse = created(
        company, "/v1/org-units", {"code": "ONLINE", "name": "Online store", "kind": "location", "parent_id": hq["id"]}
    )["id"]
    items = {
        sku: created(company, "/v1/items", {"name": name, "kind": "stock", "barcodes": [sku], "sales_price": price})[
            "id"
        ]
        for sku, (name, price) in SKUS.items()
    }
    created(
        company,
        "/v1/stock-entries",
        {
            "purpose": "receipt",
            "date": "2026-12-01",
            "location_id": warehouse,
            "lines": [{"item_id": item, "qty": str(stock), "rate": "2.00"} for item in items.values()],
        },
    )
    marketplace = created(company, "/v1/customers", {"name": "Marketplace buyers"})
    expense = {"type": "expense", "subtype": "expense", "parent_id": account_id(company, "6200")}
    commission = created(company, "/v1/accounts", {**expense, "code": "6240", "name": "Marketplace Commission"})
    service = created(company, "/v1/accounts", {**expense, "code": "6250", "name": "Marketplace Service Fees"})
    balance = created(
        company,
        "/v1/accounts",
        {
            "code": "1050",
            "name": "Marketplace Seller Balance",
            "type": "asset",
            "subtype": "bank",
            "parent_id": account_id(company, "1000"),
        },
    )
    wallet = created(
        company,
        "/v1/cash-books",
        {"code": "MKT", "name": "Seller balance", "kind": "bank", "account_id": balance["id"]},
    )
    settings = {
        "location_id": warehouse,
        "customer_id": marketplace["id"],
        "wallet_cash_book_id": wallet["id"],
        "commission_account_id": commission["id"],
        "service_fee_account_id": service["id"],
        "transaction_fee_account_id": account_id(company, "6410"),
    }
    return Seller(company, warehouse, items, settings)


def connect(seller_: Seller, simulator: Any, platform: str, shop_id: str) -> dict[str, Any]:
    """Connect a shop of the simulator to the company, with tokens the simulator issued."""
    credentials = simulator.authorize(platform, shop_id)
    body = {
        **seller_.settings,
        "platform": platform,
        "shop_id": shop_id,
        "name": f"{platform.title()} shop {shop_id}",
        "credentials": {
            "access_token": credentials.access_token,
            "refresh_token": credentials.refresh_token,
            "expires_at": credentials.expires_at or None,
        },
    }
    connection = created(seller_.company, "/v1/platform/connections", body)
    seller_.connections[platform] = connection
    return connection


def order_log(company: Client, order_id: str) -> list[dict[str, Any]]:
    return [entry for entry in company.list_all("/v1/marketplace/orders") if entry["order_id"] == order_id]


def wait_for(company: Client, order_id: str, timeout: float = 60, **expected: Any) -> dict[str, Any]:
    """The order's log entry once it holds ``expected`` (e.g. ``state="imported"``)."""
    deadline = time.monotonic() + timeout
    while True:
        found = order_log(company, order_id)
        if found and all(found[0].get(name) == value for name, value in expected.items()):
            return found[0]
        assert time.monotonic() < deadline, f"order {order_id}: {found} after {timeout} s, not {expected}"
        time.sleep(0.3)
