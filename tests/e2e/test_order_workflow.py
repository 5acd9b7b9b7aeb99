"""The order-to-cash workflow on the started product (issue 13): Step Functions run locally, its tasks
are the product's functions. An order nothing holds up runs on the Express fulfilment alone, with no
Standard transition; a credit-blocked order waits for an approver (a task token, on Standard), a short
one waits for stock and is resumed, and each then delivers, invoices, hands the invoice to MyInvois and
waits for the customer's payment; a rejected order fails."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest

from tests.e2e.test_inventory import location
from tests.e2e.test_ledger import account_id
from tests.e2e.test_order_to_cash import code, created, submitted
from tests.support.product import Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def company(product_url: str) -> Client:
    return sign_up(product_url, "Aliran O2C")


def order_state(company: Client, order_id: str, wanted: str, timeout: float = 60) -> dict[str, Any]:
    """The order once its workflow reached ``wanted``."""
    deadline = time.monotonic() + timeout
    while True:
        order = company.get(f"/v1/sales-orders/{order_id}").body
        if order.get("workflow_state") == wanted:
            return dict(order)
        assert time.monotonic() < deadline, (order.get("workflow_state"), order.get("workflow_error"))
        time.sleep(0.3)


def setup(company: Client, name: str, stock: str, credit_limit: str | None = None) -> dict[str, Any]:
    where = location(company, f"WH-{name}")
    kettle = created(
        company,
        "/v1/items",
        {
            "name": f"Cerek {name}",
            "kind": "stock",
            "sales_price": "100.00",
            "sales_tax_code_id": code(company, "/v1/tax-codes", "SR10"),
        },
    )
    created(
        company,
        "/v1/stock-entries",
        {
            "purpose": "receipt",
            "date": "2026-08-01",
            "location_id": where,
            "lines": [{"item_id": kettle["id"], "qty": stock, "rate": "60.00"}],
        },
    )
    buyer = created(
        company,
        "/v1/customers",
        {"name": f"Pelanggan {name}", **({"credit_limit": credit_limit} if credit_limit else {})},
    )
    return {"location": where, "item": kettle, "customer": buyer}


def order_of(company: Client, world: dict[str, Any], qty: str) -> dict[str, Any]:
    order = created(
        company,
        "/v1/sales-orders",
        {
            "customer_id": world["customer"]["id"],
            "date": "2026-08-03",
            "location_id": world["location"],
            "lines": [{"item_id": world["item"]["id"], "qty": qty}],
        },
    )
    return submitted(company, "sales-orders", order)


def pay(company: Client, world: dict[str, Any], amount: str) -> None:
    books = company.list_all("/v1/cash-books?q=WF-BANK")
    book = (
        books[0]
        if books
        else created(
            company,
            "/v1/cash-books",
            {"code": "WF-BANK", "name": "Bank", "kind": "bank", "account_id": account_id(company, "1030")},
        )
    )
    created(
        company,
        "/v1/customer-receipts",
        {"customer_id": world["customer"]["id"], "cash_book_id": book["id"], "date": "2026-08-10", "amount": amount},
    )


def machines(company: Client) -> dict[str, dict[str, int]]:
    """Executions and transitions per state machine so far, from the local cloud's meter."""
    with urllib.request.urlopen(f"{company.base_url}/_localcloud/meter", timeout=30) as answer:
        counts = json.loads(answer.read())["stepfunctions"]["machines"]
    return {
        kind: {
            "executions": sum(m["executions"] for name, m in counts.items() if name.endswith(kind)),
            "transitions": sum(m["transitions"] for name, m in counts.items() if name.endswith(kind)),
            "types": sorted({m["type"] for name, m in counts.items() if name.endswith(kind)}),
        }
        for kind in ("-OrderFulfilment", "-OrderToCash")
    }


def test_an_order_nothing_holds_up_runs_on_express_alone(company: Client) -> None:
    """No credit limit and stock enough: fulfilled by one Express execution (deliver 5 of 10, invoice
    5 x 100.00 + 10% = 550.00), waiting for payment without any execution open, paid by a receipt."""
    world = setup(company, "PLAIN", "10")
    order = order_of(company, world, "5")
    before = machines(company)
    assert company.post(f"/v1/sales-orders/{order['id']}/fulfil", {}).status == 200
    done = order_state(company, order["id"], "awaiting_payment")
    invoice_id = next(link["id"] for link in done["flow"] if link["type"] == "SALESINVOICE")
    assert (done["payment_invoice_id"], company.get(f"/v1/sales-invoices/{invoice_id}").body["total"]) == (
        invoice_id,
        "550.00",
    )
    pay(company, world, "550.00")
    order_state(company, order["id"], "paid")
    after = machines(company)
    assert after["-OrderFulfilment"]["executions"] - before["-OrderFulfilment"]["executions"] == 1
    assert after["-OrderFulfilment"]["types"] == ["EXPRESS"]  # billed by duration, never per transition
    assert after["-OrderToCash"] == before["-OrderToCash"]  # no Standard execution, no transition


def test_a_credit_blocked_order_waits_for_an_approver_then_runs_to_cash(company: Client) -> None:
    """Credit limit 500.00; an order of 5 kettles at 100.00 + 10% SST = 550.00 passes it: blocked when
    submitted. Its workflow waits for approval; approved, it reserves, delivers (stock 10 - 5 = 5), invoices
    550.00, queues the invoice for MyInvois and waits; a receipt of 550.00 ends it, paid."""
    world = setup(company, "CREDIT", "10", credit_limit="500.00")
    order = order_of(company, world, "5")
    assert (order["credit_state"], order["total"]) == ("blocked", "550.00")
    before = machines(company)
    answer = company.post(f"/v1/sales-orders/{order['id']}/fulfil", {})
    assert answer.status == 200, answer.body
    waiting = order_state(company, order["id"], "awaiting_approval")
    assert waiting["credit_state"] == "awaiting_approval"
    # the Express fulfilment stopped and handed the order to people: one Standard execution waits
    assert machines(company)["-OrderToCash"]["executions"] - before["-OrderToCash"]["executions"] == 1
    refused = company.post(
        "/v1/delivery-orders",
        {"customer_id": world["customer"]["id"], "date": "2026-08-04", "order_id": order["id"]},
    )
    assert refused.status == 422 and refused.body["errors"][0]["code"] == "sales.order_blocked"
    answer = company.post(f"/v1/sales-orders/{order['id']}/approve", {"approve": True, "reason": "good customer"})
    assert answer.status == 200, answer.body
    done = order_state(company, order["id"], "awaiting_payment")
    assert {k: v for k, v in done["delivered"].items()} == {"0": "5"}
    invoice_id = next(link["id"] for link in done["flow"] if link["type"] == "SALESINVOICE")
    invoice = company.get(f"/v1/sales-invoices/{invoice_id}").body
    assert (invoice["total"], invoice["outstanding"]) == ("550.00", "550.00")
    assert company.get(f"/v1/stock/availability?item_id={world['item']['id']}").body["on_hand"] == "5"
    pay(company, world, "550.00")
    order_state(company, order["id"], "paid")


def test_a_short_order_waits_for_stock_and_is_resumed(company: Client) -> None:
    """2 kettles in stock, an order of 5: the reservation is 3 short, the workflow waits. 3 more come in
    and it is resumed: it delivers 5 (stock 2 + 3 - 5 = 0) and invoices 550.00."""
    world = setup(company, "SHORT", "2")
    order = order_of(company, world, "5")
    assert order["credit_state"] == "clear"
    assert company.post(f"/v1/sales-orders/{order['id']}/fulfil", {}).status == 200
    order_state(company, order["id"], "awaiting_stock")
    created(
        company,
        "/v1/stock-entries",
        {
            "purpose": "receipt",
            "date": "2026-08-02",
            "location_id": world["location"],
            "lines": [{"item_id": world["item"]["id"], "qty": "3", "rate": "60.00"}],
        },
    )
    assert company.post(f"/v1/sales-orders/{order['id']}/resume", {}).status == 200
    done = order_state(company, order["id"], "awaiting_payment")
    assert done["delivered"] == {"0": "5"}
    assert company.get(f"/v1/stock/availability?item_id={world['item']['id']}").body["on_hand"] == "0"


def test_a_rejected_order_fails_its_workflow(company: Client) -> None:
    world = setup(company, "REJECT", "10", credit_limit="100.00")
    order = order_of(company, world, "5")
    assert company.post(f"/v1/sales-orders/{order['id']}/fulfil", {}).status == 200
    order_state(company, order["id"], "awaiting_approval")
    answer = company.post(f"/v1/sales-orders/{order['id']}/approve", {"approve": False, "reason": "too much"})
    assert answer.status == 200 and answer.body["credit_state"] == "rejected"
    failed = order_state(company, order["id"], "failed")
    assert failed.get("delivered") is None
