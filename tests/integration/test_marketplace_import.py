"""The marketplace order import (issue 15) on moto: an order followed from unpaid to completed into a sales
order, invoice, delivery, receipt and fees; cancelled and returned orders undone; an unknown SKU an error
on the order log until the item exists; the same order imported five times, or killed partway through
its writes and imported again, writing each document once; two companies importing at once.

Expected figures are worked out by hand in the comments (the simulator's fee rules: commission 5 % and
service fee 3 % of the items, transaction fee 2 % of the order, each rounded half up to the sen)."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_posting import Killed, account, balances, cash_book, count_writes, create, poster
from tests.integration.test_stock_entries import entry, location, on_hand
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader, deliver, pending_documents

CREATED = 1796947200  # 2026-12-05 08:00:00 +08:00 (00:00 UTC): the orders' creation time


@pytest.fixture(scope="module")
def shop(hub: StreamReader) -> dict[str, Any]:
    return _company(hub, "tnt_MKTIMPORT")


def _company(hub: StreamReader, tenant_id: str) -> dict[str, Any]:
    who = seed_tenant(tenant_id)
    warehouse = location(who, "MP")
    status, rice = create(who, "items", {"barcodes": ["BERAS-10"], "name": "Beras Wangi 10kg", "kind": "stock"})
    assert status == 201, rice
    status, received = entry(
        who,
        {
            "purpose": "receipt",
            "date": "2026-12-01",
            "location_id": warehouse,
            "lines": [{"item_id": rice["id"], "qty": "10", "rate": "30.00"}],
        },
    )
    assert status == 201, received
    status, marketplace = create(who, "customers", {"name": "Shopee Malaysia"})
    assert status == 201, marketplace
    accounts = {}
    for code, name in (("6240", "Marketplace Commission"), ("6250", "Marketplace Service Fees")):
        status, made = create(
            who,
            "accounts",
            {"code": code, "name": name, "type": "expense", "subtype": "expense", "parent_id": account(who, "6200")},
        )
        assert status == 201, made
        accounts[code] = made["id"]
    status, balance_account = create(
        who,
        "accounts",
        {
            "code": "1050",
            "name": "Shopee Seller Balance",
            "type": "asset",
            "subtype": "bank",
            "parent_id": account(who, "1000"),
        },
    )
    assert status == 201, balance_account
    wallet = cash_book(who, "SHOPEE", "Shopee wallet", "1050")
    from ledgerlet.marketplace.connections import Connection

    connection = Connection(
        tenant_id=who.tenant_id,
        connection_id="shopee-220011",
        platform="shopee",
        shop_id="220011",
        name="Beras Shop",
        status="active",
        settings={
            "location_id": warehouse,
            "customer_id": marketplace["id"],
            "wallet_cash_book_id": wallet["id"],
            "commission_account_id": accounts["6240"],
            "service_fee_account_id": accounts["6250"],
            "transaction_fee_account_id": account(who, "6410"),
            "einvoice_policy": "platform",
        },
        credentials_secret="marketplace/shopee-220011",
    )
    hub.read()
    return {"who": who, "connection": connection, "item": rice, "warehouse": warehouse, "hub": hub}


def order(order_id: str, status: str, lines: list[tuple[str, str, str]], raw: str | None = None) -> Any:
    from ledgerlet.marketplace.platforms import MarketplaceOrder, OrderLine

    return MarketplaceOrder(
        platform="shopee",
        shop_id="220011",
        order_id=order_id,
        status=status,
        raw_status=raw or status.upper(),
        created_at=CREATED,
        updated_at=CREATED + 60,
        currency="MYR",
        buyer="aminah88",
        lines=tuple(
            OrderLine(sku=sku, name="Beras Wangi 10kg", qty=Decimal(qty), unit_price=Decimal(price), line_id=f"{n}")
            for n, (sku, qty, price) in enumerate(lines)
        ),
    )


def released(payout: str, commission: str, service: str, transaction: str) -> Any:
    from ledgerlet.marketplace.platforms import Settlement

    def settlement_of(order_id: str) -> Settlement:
        return Settlement(
            order_id=order_id,
            released=True,
            payout=Decimal(payout),
            commission_fee=Decimal(commission),
            service_fee=Decimal(service),
            transaction_fee=Decimal(transaction),
        )

    return settlement_of


def not_yet(order_id: str) -> None:
    return None


def apply(shop: dict[str, Any], found: Any, settlement_of: Any = not_yet, source: str = "push") -> Any:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.marketplace.imports import apply as apply_order

    return apply_order(DocumentStore(shop["who"].tenant_id), shop["connection"], found, settlement_of, source)


def logged(shop: dict[str, Any], log_id: str) -> dict[str, Any]:
    from ledgerlet.hub.documents import DocumentStore

    return DocumentStore(shop["who"].tenant_id).require("MKTORDER", log_id, "marketplace order")


def documents(shop: dict[str, Any], doc_type: str, reference: str) -> list[dict[str, Any]]:
    from ledgerlet.hub.documents import DocumentStore

    every = DocumentStore(shop["who"].tenant_id).every(doc_type)
    return [d for d in every if reference in str(d.get("reference") or "") or reference in str(d.get("memo") or "")]


def post(shop: dict[str, Any]) -> None:
    records = pending_documents(shop["hub"].read())
    mine = [r for r in records if r["dynamodb"]["Keys"]["PK"]["S"].startswith(shop["who"].tenant_id)]
    assert deliver(poster(), mine) == {"batchItemFailures": []}


def test_an_order_followed_from_unpaid_to_completed(shop: dict[str, Any]) -> None:
    from ledgerlet.hub.documents import DocumentStore

    lines = [("BERAS-10", "2", "45.90")]
    # Unpaid: the order, submitted, its 2 bags held at the marketplace's warehouse
    outcome = apply(shop, order("2612050001AAA", "unpaid", lines))
    assert outcome.state == "imported", outcome
    entry_ = logged(shop, outcome.log_id)
    store = DocumentStore(shop["who"].tenant_id)
    placed = store.require("SALESORDER", entry_["sales_order_id"], "order")
    assert placed["state"] == "submitted" and placed["total"] == "91.80"  # 2 x 45.90
    assert placed["reference"] == "Shopee 2612050001AAA" and entry_["stock_held"] is True
    assert len(placed["reservation_ids"]) == 1
    # Paid: nothing more (the platform holds the money until the order completes)
    paid = apply(shop, order("2612050001AAA", "paid", lines, "READY_TO_SHIP"))
    assert paid.state == "imported", paid
    assert logged(shop, outcome.log_id).get("invoice_id") is None
    # Shipped: the delivery takes the 2 bags (10 received - 2 = 8 on hand), then the invoice to the
    # marketplace, its e-invoice the platform's
    assert apply(shop, order("2612050001AAA", "shipped", lines, "SHIPPED")).state == "imported"
    entry_ = logged(shop, outcome.log_id)
    assert store.require("DELIVERYORDER", entry_["delivery_id"], "delivery")["state"] == "submitted"
    assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == Decimal(8)
    invoice = store.require("SALESINVOICE", entry_["invoice_id"], "invoice")
    assert invoice["state"] == "submitted" and invoice["total"] == "91.80"
    assert invoice["einvoice_state"] == "by_platform" and invoice["outstanding"] == "91.80"
    # Completed, the settlement not released yet: nothing received
    apply(shop, order("2612050001AAA", "completed", lines, "COMPLETED"))
    assert logged(shop, outcome.log_id)["settlement"] == "waiting"
    # Released: commission 5 % of 91.80 = 4.59; service 3 % = 2.754 -> 2.75; transaction 2 % = 1.836 -> 1.84;
    # payout 91.80 - 4.59 - 2.75 - 1.84 = 82.62
    before = balances(shop["who"])
    apply(shop, order("2612050001AAA", "completed", lines, "COMPLETED"), released("82.62", "4.59", "2.75", "1.84"))
    entry_ = logged(shop, outcome.log_id)
    assert entry_["state"] == "imported" and entry_["settlement"] == "received" and entry_["payout"] == "82.62"
    assert store.require("SALESINVOICE", entry_["invoice_id"], "invoice")["outstanding"] == "0.00"
    fees = store.require("PAYMENT", entry_["fees_payment_id"], "payment")
    assert Decimal(str(fees["total"])) == Decimal("9.18")  # 4.59 + 2.75 + 1.84
    post(shop)
    after = balances(shop["who"])

    def moved(code: str) -> Decimal:
        return (after[code][0] - before[code][0]) - (after[code][1] - before[code][1])

    # The seller balance: 91.80 received - 9.18 of fees = 82.62, the payout
    assert moved("1050") == Decimal("82.62")
    assert moved("6240") == Decimal("4.59") and moved("6250") == Decimal("2.75") and moved("6410") == Decimal("1.84")
    assert sum(d for d, _ in after.values()) == sum(c for _, c in after.values())


def test_the_same_order_pushed_five_times_writes_each_document_once(shop: dict[str, Any]) -> None:
    lines = [("BERAS-10", "1", "45.90")]
    for _ in range(5):
        outcome = apply(shop, order("2612050002BBB", "shipped", lines, "SHIPPED"))
        assert outcome.state == "imported"
    for doc_type in ("SALESORDER", "SALESINVOICE", "DELIVERYORDER"):
        assert len(documents(shop, doc_type, "2612050002BBB")) == 1, doc_type
    assert len(logged(shop, outcome.log_id)["events"]) == 5


def test_a_paid_order_cancelled_before_shipping_is_cancelled_and_lets_its_stock_go(shop: dict[str, Any]) -> None:
    from ledgerlet.hub.documents import DocumentStore

    lines = [("BERAS-10", "1", "45.90")]
    stock_before = on_hand(shop["who"], shop["item"]["id"], shop["warehouse"])
    outcome = apply(shop, order("2612050003CCC", "paid", lines, "READY_TO_SHIP"))
    store = DocumentStore(shop["who"].tenant_id)
    placed = store.require("SALESORDER", logged(shop, outcome.log_id)["sales_order_id"], "order")
    assert placed["state"] == "submitted" and len(placed["reservation_ids"]) == 1
    outcome = apply(shop, order("2612050003CCC", "cancelled", lines, "CANCELLED"))
    entry_ = logged(shop, outcome.log_id)
    assert entry_["state"] == "imported" and entry_.get("invoice_id") is None and entry_.get("credit_note_id") is None
    assert store.require("SALESORDER", placed["id"], "order")["state"] == "cancelled"
    for reservation_id in placed["reservation_ids"]:
        assert store.require("STOCKRESERVATION", reservation_id, "reservation")["state"] == "released"
    assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == stock_before


def test_a_shipped_order_cancelled_comes_back_and_is_credited(shop: dict[str, Any]) -> None:
    from ledgerlet.hub.documents import DocumentStore

    lines = [("BERAS-10", "1", "45.90")]
    stock_before = on_hand(shop["who"], shop["item"]["id"], shop["warehouse"])
    apply(shop, order("2612050007GGG", "shipped", lines, "SHIPPED"))
    assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == stock_before - 1
    outcome = apply(shop, order("2612050007GGG", "cancelled", lines, "CANCELLED"))
    entry_ = logged(shop, outcome.log_id)
    store = DocumentStore(shop["who"].tenant_id)
    note = store.require("SALESCREDITNOTE", entry_["credit_note_id"], "credit note")
    assert note["total"] == "45.90" and note["return_stock"] is True
    assert store.require("SALESINVOICE", entry_["invoice_id"], "invoice")["outstanding"] == "0.00"  # 45.90 - 45.90
    assert entry_.get("refund_id") is None  # the platform never paid
    assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == stock_before


def test_an_order_cancelled_before_it_was_seen_writes_no_sale(shop: dict[str, Any]) -> None:
    outcome = apply(shop, order("2612050004DDD", "cancelled", [("BERAS-10", "1", "45.90")], "CANCELLED"))
    assert outcome.state == "cancelled"
    assert documents(shop, "SALESORDER", "2612050004DDD") == []


def test_a_returned_order_after_payout_comes_back_and_is_refunded(shop: dict[str, Any]) -> None:
    from ledgerlet.hub.documents import DocumentStore

    lines = [("BERAS-10", "1", "45.90")]
    stock_before = on_hand(shop["who"], shop["item"]["id"], shop["warehouse"])
    # commission 5 % of 45.90 = 2.295 -> 2.30; service 3 % = 1.377 -> 1.38; transaction 2 % = 0.918 -> 0.92;
    # payout 45.90 - 2.30 - 1.38 - 0.92 = 41.30
    settled = released("41.30", "2.30", "1.38", "0.92")
    apply(shop, order("2612050005EEE", "completed", lines, "COMPLETED"), settled)
    assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == stock_before - 1
    outcome = apply(shop, order("2612050005EEE", "returned", lines, "TO_RETURN"), settled)
    entry_ = logged(shop, outcome.log_id)
    store = DocumentStore(shop["who"].tenant_id)
    note = store.require("SALESCREDITNOTE", entry_["credit_note_id"], "credit note")
    assert note["return_stock"] is True and note["total"] == "45.90"
    refund = store.require("CUSTOMERREFUND", entry_["refund_id"], "refund")
    assert refund["amount"] == "45.90" and refund["cash_book_id"] == shop["connection"].settings["wallet_cash_book_id"]
    assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == stock_before  # the bag is back


def test_an_unknown_sku_is_an_error_on_the_log_until_the_item_exists(shop: dict[str, Any]) -> None:
    lines = [("BERAS-10", "1", "45.90"), ("GULA-1", "3", "4.20")]
    outcome = apply(shop, order("2612050006FFF", "unpaid", lines))
    assert outcome.state == "error"
    entry_ = logged(shop, outcome.log_id)
    assert entry_["state"] == "error" and entry_["error_fields"] == ["lines.1.sku"] and "GULA-1" in entry_["error"]
    assert documents(shop, "SALESORDER", "2612050006FFF") == []
    status, _ = create(shop["who"], "items", {"barcodes": ["GULA-1"], "name": "Gula 1kg", "kind": "non_stock"})
    assert status == 201
    outcome = apply(shop, order("2612050006FFF", "unpaid", lines), source="retry")
    entry_ = logged(shop, outcome.log_id)
    assert entry_["state"] == "imported" and entry_.get("error") is None and entry_["attempts"] == 2
    placed = documents(shop, "SALESORDER", "2612050006FFF")
    assert len(placed) == 1 and placed[0]["total"] == "58.50"  # 45.90 + 3 x 4.20 = 45.90 + 12.60


@pytest.mark.parametrize("crash_fraction", [0.2, 0.5, 0.8])
def test_an_import_killed_partway_and_run_again_writes_each_document_once(
    shop: dict[str, Any], crash_fraction: float
) -> None:
    from botocore.client import BaseClient

    order_id = f"26120500{int(crash_fraction * 10):02d}KIL"
    lines = [("BERAS-10", "1", "45.90")]
    settled = released("41.30", "2.30", "1.38", "0.92")
    completed = order(order_id, "completed", lines, "COMPLETED")
    original, counting, seen = count_writes()
    probe = order(order_id.replace("KIL", "PRB"), "completed", lines, "COMPLETED")
    BaseClient._make_api_call = counting  # type: ignore[method-assign]
    try:
        apply(shop, probe, settled)  # how many writes a whole import takes
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    _, dying, _ = count_writes(crash_after=int(seen["writes"] * crash_fraction))
    BaseClient._make_api_call = dying  # type: ignore[method-assign]
    try:
        with pytest.raises(Killed):
            apply(shop, completed, settled)
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    outcome = apply(shop, completed, settled)
    assert outcome.state == "imported", outcome
    for doc_type in ("SALESORDER", "SALESINVOICE", "DELIVERYORDER", "CUSTOMERRECEIPT", "PAYMENT"):
        assert len(documents(shop, doc_type, order_id)) == 1, doc_type
    entry_ = logged(shop, outcome.log_id)
    assert entry_["settlement"] == "received"


def test_two_companies_importing_at_once_keep_to_their_own(hub: StreamReader) -> None:
    shops = [_company(hub, "tnt_MKTRACEA"), _company(hub, "tnt_MKTRACEB")]
    failures: list[BaseException] = []

    def run(shop: dict[str, Any], n: int) -> None:
        try:
            apply(shop, order(f"26120510{n:02d}RACE", "shipped", [("BERAS-10", "1", "45.90")], "SHIPPED"))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(shop, n)) for shop in shops for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for shop in shops:
        # 4 orders of 1 bag each from 10 received: 6 left, and 4 of each document, all this company's
        assert on_hand(shop["who"], shop["item"]["id"], shop["warehouse"]) == Decimal(6)
        for doc_type in ("SALESORDER", "SALESINVOICE", "DELIVERYORDER"):
            assert len(documents(shop, doc_type, "RACE")) == 4, doc_type
