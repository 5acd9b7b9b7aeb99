"""Marketplace webhooks on the started product (issue 15's must-show), for Shopee and Lazada: the simulator
pushes in each platform's shape and signs as the platform does. A good signature gives 200 and one order;
a bad or missing one gives 401 and nothing written; the same push sent five times still gives one order.
Then an order followed to completion books its fees, a push missed is recovered by the re-fetch, and an
order refused for an unknown SKU is imported once the item exists and a person retries it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
import urllib3

from tests.support.marketplace import Seller, connect, order_log, seller, wait_for
from tests.support.product import Client, running_product, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SHOPS = {"shopee": "220011", "lazada": "100200300"}
HTTP = urllib3.PoolManager(maxsize=8)


@pytest.fixture(scope="module")
def marketplace() -> Iterator[Any]:
    from marketplace_sim import start

    simulator = start(port=0)
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def shop(marketplace: Any) -> Iterator[tuple[str, Seller]]:
    with running_product(marketplace_url=marketplace.url) as url:
        marketplace.push_url = {platform: f"{url}/v1/webhooks/{platform}" for platform in SHOPS}
        company = sign_up(url, "Kedai Dalam Talian")
        selling = seller(company)
        for platform, shop_id in SHOPS.items():
            connect(selling, marketplace, platform, shop_id)
        yield url, selling


WEBHOOK = "MarketplaceWebhookFunction"


def meter(url: str) -> dict[str, Any]:
    """What the local cloud served since the meter was last reset (its /_localcloud/meter)."""
    return dict(json.loads(HTTP.request("GET", f"{url}/_localcloud/meter", retries=False).data))


def reset_meter(url: str) -> None:
    assert HTTP.request("POST", f"{url}/_localcloud/meter/reset", retries=False).status == 200


def send(url: str, body: bytes, headers: dict[str, str]) -> int:
    return int(HTTP.request("POST", url, body=body, headers=headers, retries=False).status)


def sales_orders(company: Client, order_id: str) -> list[dict[str, Any]]:
    return [o for o in company.list_all("/v1/sales-orders") if (o.get("reference") or "").endswith(f" {order_id}")]


@pytest.mark.parametrize("platform", list(SHOPS))
def test_a_good_signature_gives_200_and_one_order(marketplace: Any, shop: tuple[str, Seller], platform: str) -> None:
    _, selling = shop
    order_id = marketplace.create_order(
        platform, SHOPS[platform], lines=[{"sku": "BERAS-10", "qty": 2, "unit_price": "45.90"}], push=False
    )
    url, body, headers = marketplace.push_body(platform, order_id)
    assert send(url, body, headers) == 200
    entry = wait_for(selling.company, order_id, state="imported")
    (order,) = sales_orders(selling.company, order_id)
    assert order["id"] == entry["sales_order_id"] and order["total"] == "91.80"  # 2 x 45.90
    assert order["state"] == "submitted"


@pytest.mark.parametrize("platform", list(SHOPS))
def test_a_bad_signature_gives_401_and_writes_nothing(
    marketplace: Any, shop: tuple[str, Seller], platform: str
) -> None:
    url, selling = shop
    order_id = marketplace.create_order(
        platform, SHOPS[platform], lines=[{"sku": "GULA-1", "qty": 1, "unit_price": "4.20"}], push=False
    )
    target, body, headers = marketplace.push_body(platform, order_id)
    signature = headers["Authorization"]
    forged = {**headers, "Authorization": ("0" if signature[0] != "0" else "1") + signature[1:]}
    reset_meter(url)
    assert send(target, body, forged) == 401
    assert send(target, body, {k: v for k, v in headers.items() if k != "Authorization"}) == 401
    tampered = body.replace(order_id.encode(), order_id[:-1].encode() + b"9")
    assert send(target, tampered, headers) == 401  # the right signature of another body
    counted = meter(url)
    # The receiver ran three times and sent nothing to the import queue (its only AWS call for a push):
    assert counted["lambda"]["functions"][WEBHOOK]["invocations"] == 3
    assert WEBHOOK not in counted["requests"].get("sqs", {}).get("callers", {})
    assert order_log(selling.company, order_id) == [] and sales_orders(selling.company, order_id) == []


@pytest.mark.parametrize("platform", list(SHOPS))
def test_the_same_push_five_times_gives_one_order(marketplace: Any, shop: tuple[str, Seller], platform: str) -> None:
    url, selling = shop
    order_id = marketplace.create_order(
        platform, SHOPS[platform], lines=[{"sku": "GULA-1", "qty": 3, "unit_price": "4.20"}], push=False
    )
    target, body, headers = marketplace.push_body(platform, order_id)
    reset_meter(url)
    with ThreadPoolExecutor(5) as pool:
        statuses = list(pool.map(lambda _: send(target, body, headers), range(5)))
    assert statuses == [200] * 5
    assert meter(url)["requests"]["sqs"]["callers"][WEBHOOK] == 5  # each queued; SQS keeps one
    wait_for(selling.company, order_id, state="imported", order_status="unpaid")
    # An order's pushes are imported in the order they came (one FIFO message group per order): once a
    # later push has been imported, any duplicate of the five that got through would have been too.
    marketplace.set_status(platform, order_id, "READY_TO_SHIP" if platform == "shopee" else "packed")
    wait_for(selling.company, order_id, state="imported", order_status="paid")
    assert len(order_log(selling.company, order_id)) == 1
    (order,) = sales_orders(selling.company, order_id)
    assert order["total"] == "12.60"  # 3 x 4.20


def test_an_order_followed_to_completion_books_the_platform_fees(marketplace: Any, shop: tuple[str, Seller]) -> None:
    _, selling = shop
    order_id = marketplace.create_order(
        "shopee", SHOPS["shopee"], lines=[{"sku": "BERAS-10", "qty": 4, "unit_price": "45.90"}]
    )
    wait_for(selling.company, order_id, state="imported", order_status="unpaid")
    for raw, status in (("READY_TO_SHIP", "paid"), ("SHIPPED", "shipped"), ("COMPLETED", "completed")):
        marketplace.set_status("shopee", order_id, raw)
        entry = wait_for(selling.company, order_id, state="imported", order_status=status)
    # 4 x 45.90 = 183.60; commission 5 % = 9.18; service 3 % = 5.508 -> 5.51; transaction 2 % = 3.672 -> 3.67;
    # payout 183.60 - 9.18 - 5.51 - 3.67 = 165.24
    assert entry["settlement"] == "received" and entry["payout"] == "165.24"
    invoice = selling.company.get(f"/v1/sales-invoices/{entry['invoice_id']}").body
    assert invoice["total"] == "183.60" and invoice["outstanding"] == "0.00"
    fees = selling.company.get(f"/v1/payments/{entry['fees_payment_id']}").body
    assert Decimal(fees["total"]) == Decimal("18.36")  # 9.18 + 5.51 + 3.67


def test_a_missed_push_is_recovered_by_the_refetch(marketplace: Any, shop: tuple[str, Seller]) -> None:
    url, selling = shop
    marketplace.hold_pushes(True)
    try:
        order_id = marketplace.create_order(
            "lazada", SHOPS["lazada"], lines=[{"sku": "BERAS-10", "qty": 1, "unit_price": "45.90"}]
        )
    finally:
        marketplace.hold_pushes(False)
    time.sleep(2)
    assert order_log(selling.company, order_id) == []  # the push never came
    fired = HTTP.request("POST", f"{url}/_localcloud/schedules/MarketplaceRefetchFunction", retries=False)
    assert fired.status == 200, fired.data
    wait_for(selling.company, order_id, state="imported")
    assert len(sales_orders(selling.company, order_id)) == 1


def test_an_unknown_sku_waits_in_the_log_until_the_item_exists_and_a_person_retries(
    marketplace: Any, shop: tuple[str, Seller]
) -> None:
    _, selling = shop
    order_id = marketplace.create_order(
        "shopee", SHOPS["shopee"], lines=[{"sku": "KOPI-250", "qty": 2, "unit_price": "18.50"}]
    )
    entry = wait_for(selling.company, order_id, state="error")
    assert entry["error_fields"] == ["lines.0.sku"] and "KOPI-250" in entry["error"]
    errors = selling.company.get("/v1/marketplace/orders?state=error").body["items"]
    assert order_id in {e["order_id"] for e in errors}
    created = selling.company.post("/v1/items", {"name": "Kopi 250g", "kind": "non_stock", "barcodes": ["KOPI-250"]})
    assert created.status == 201, created.body
    retried = selling.company.post(f"/v1/marketplace/orders/{entry['id']}/retry")
    assert retried.status == 200, retried.body
    entry = wait_for(selling.company, order_id, state="imported")
    assert entry["attempts"] == 2 and len(sales_orders(selling.company, order_id)) == 1
