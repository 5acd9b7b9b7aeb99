"""The order import: a marketplace order, read from its platform, followed into sales documents.

Whatever brought it (a push, the re-fetch of missed pushes, a person's retry), the import reads the
order as the platform has it now and does what its status calls for that is not done yet:

    unpaid     the sales order, submitted, its stock held at the connection's warehouse
    paid       (as unpaid: the platform holds the buyer's money until the order completes)
    shipped    + the delivery (taking the stock held), and the invoice to the marketplace (its e-invoice
               issued by the platform, by default)
    delivered  (as shipped)
    completed  + what the platform paid: a receipt of the invoice into the seller balance, and a
               payment of its fees (commission, service, transaction) out of it
    cancelled  the order cancelled (its stock let go); what was invoiced credited, delivered returned
    returned   a credit note with the goods back in stock; a refund out of the seller balance when the
               platform had paid

Every document's id follows from the order (:func:`ledgerlet.ids.derived_id`), and every step reads what
is there first, so an import retried after a crash, or the same order pushed five times, writes each
document once. The order's pushes are imported one after another (one SQS FIFO message group per order).

The order log (``MKTORDER``, one per order) keeps the documents written, the statuses seen and the last
error. A refusal by the books (an unknown SKU, a locked period, stock short at delivery) is an error
on the log for a person to fix and retry; the message is done with. Anything else (throttling, an outage)
raises, and the queue delivers the message again, then to its dead-letter queue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.errors import Problem, invalid_field
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.ids import derived_id
from ledgerlet.money import money_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from ledgerlet.marketplace.connections import Connection
    from ledgerlet.marketplace.platforms import MarketplaceOrder, Settlement

log = logging.getLogger(__name__)

ACTOR = Actor("marketplace")
LOG = "MKTORDER"
SHIPPED = frozenset({"shipped", "delivered", "completed", "returned"})
PLATFORM_NAMES = {"shopee": "Shopee", "lazada": "Lazada"}
EVENTS_KEPT = 30


def unknown_item(sku: str, number: int) -> Problem:
    return invalid_field(
        f"lines.{number}.sku",
        f"no item has {sku} as its code or a barcode (the seller SKU)",
        "marketplace.unknown_sku",
        sku=sku,
    )


@dataclass(frozen=True)
class Outcome:
    log_id: str
    state: str  # imported | error | skipped
    detail: str = ""


def log_id(connection: Connection, order: MarketplaceOrder) -> str:
    return derived_id("mko", order.created_at * 1000, connection.connection_id, order.order_id)


def apply(
    store: DocumentStore,
    connection: Connection,
    order: MarketplaceOrder,
    settlement_of: Callable[[str], Settlement | None],
    source: str,
) -> Outcome:
    """Follow the order into documents, recording what was done (or what refused it) on its log."""
    entry = _log(store, connection, order, source)
    try:
        links = _steps(store, connection, order, entry, settlement_of)
    except Problem as refusal:
        detail = refusal.detail
        fields = [error.field for error in refusal.errors] if refusal.errors else []
        problems = [
            {"field": e.field, "code": e.code, "params": e.params, "message": e.message} for e in refusal.errors
        ]
        _record(
            store,
            entry["id"],
            "error",
            error=detail,
            error_fields=fields or None,
            errors=problems or None,
            attempts=_attempts(entry),
        )
        log.info("marketplace order %s refused: %s", order.order_id, detail)
        return Outcome(entry["id"], "error", detail)
    state = "cancelled" if order.status == "cancelled" and not links.get("sales_order_id") else "imported"
    _record(store, entry["id"], state, error=None, error_fields=None, errors=None, attempts=_attempts(entry), **links)
    return Outcome(entry["id"], state)


def _steps(
    store: DocumentStore,
    connection: Connection,
    order: MarketplaceOrder,
    entry: dict[str, Any],
    settlement_of: Callable[[str], Settlement | None],
) -> dict[str, Any]:
    from ledgerlet.sales import contract as sales

    def doc_id(prefix: str, step: str) -> str:
        return derived_id(prefix, order.created_at * 1000, connection.connection_id, order.order_id, step)

    links: dict[str, Any] = {}
    if order.status == "cancelled" and not entry.get("sales_order_id"):
        return links  # cancelled before it was ever imported: no sale to record
    placed, held = sales.place_order(store, ACTOR, doc_id("so", "order"), _order_body(store, connection, order))
    links |= {"sales_order_id": placed["id"], "sales_order_code": placed.get("code"), "stock_held": held}
    if order.status in SHIPPED:  # revenue when the goods leave: delivered, then invoiced
        delivery = sales.deliver_order(store, ACTOR, placed["id"], doc_id("do", "delivery"))
        if delivery is not None:
            links |= {"delivery_id": delivery["id"], "delivery_code": delivery.get("code")}
        policy = "by_platform" if connection.settings.get("einvoice_policy", "platform") == "platform" else None
        invoice = sales.invoice_order(store, ACTOR, placed["id"], doc_id("si", "invoice"), einvoice_state=policy)
        links |= {"invoice_id": invoice["id"], "invoice_code": invoice.get("code")}
    if order.status == "completed" and links.get("invoice_id"):
        links |= _settle(store, connection, order, links["invoice_id"], settlement_of=settlement_of, doc_id=doc_id)
    if order.status in ("cancelled", "returned"):
        links |= _undo(store, connection, order, placed["id"], doc_id)
    return links


def _settle(
    store: DocumentStore,
    connection: Connection,
    order: MarketplaceOrder,
    invoice_id: str,
    *,
    settlement_of: Callable[[str], Settlement | None],
    doc_id: Callable[[str, str], str],
) -> dict[str, Any]:
    """The platform released the order's income: the invoice received into the seller balance, and the fees
    it kept paid out of it (so the balance grows by the payout)."""
    from ledgerlet.finance.contract import record_payment
    from ledgerlet.sales import contract as sales

    settlement = settlement_of(order.order_id)
    if settlement is None or not settlement.released:
        return {"settlement": "waiting"}
    wallet = connection.settings["wallet_cash_book_id"]
    reference = f"{PLATFORM_NAMES[order.platform]} {order.order_id}"
    links: dict[str, Any] = {"settlement": "received", "payout": money_text(settlement.payout, order.currency)}
    receipt = sales.settle_invoice(
        store, ACTOR, invoice_id, doc_id("rct", "receipt"), cash_book_id=wallet, reference=reference
    )
    if receipt is not None:
        links |= {"receipt_id": receipt["id"], "receipt_code": receipt.get("code")}
    fees = [
        (connection.settings["commission_account_id"], settlement.commission_fee, "commission"),
        (connection.settings["service_fee_account_id"], settlement.service_fee + settlement.other_fees, "service fee"),
        (connection.settings["transaction_fee_account_id"], settlement.transaction_fee, "transaction fee"),
    ]
    lines = [
        {"account_id": account, "amount": amount, "memo": f"{reference} {what}"}
        for account, amount, what in fees
        if amount > 0
    ]
    if lines:
        payment = record_payment(
            store,
            ACTOR,
            doc_id("pay", "fees"),
            {
                "cash_book_id": wallet,
                "date": _today(store),
                "party": PLATFORM_NAMES[order.platform],
                "reference": reference,
                "memo": f"{reference} fees",
                "lines": lines,
            },
        )
        links |= {"fees_payment_id": payment["id"], "fees_payment_code": payment.get("code")}
    return links


def _undo(
    store: DocumentStore,
    connection: Connection,
    order: MarketplaceOrder,
    sales_order_id: str,
    doc_id: Callable[[str, str], str],
) -> dict[str, Any]:
    """Cancelled or returned: what was invoiced credited (the goods back when they were delivered), what the
    platform had paid refunded out of the seller balance, and the stock still held let go."""
    from ledgerlet.sales import contract as sales

    links: dict[str, Any] = {}
    invoice_id = doc_id("si", "invoice")
    delivered = store.get("DELIVERYORDER", doc_id("do", "delivery")) is not None
    if store.get("SALESINVOICE", invoice_id) is not None:
        note = sales.credit_invoice(
            store,
            ACTOR,
            invoice_id,
            doc_id("cn", "credit"),
            reason=f"{PLATFORM_NAMES[order.platform]} order {order.order_id} {order.status}",
            return_stock=delivered,
        )
        if note is not None:
            links |= {"credit_note_id": note["id"], "credit_note_code": note.get("code")}
            if store.get("CUSTOMERRECEIPT", doc_id("rct", "receipt")) is not None:
                refund = sales.refund_credit(
                    store,
                    ACTOR,
                    note["id"],
                    doc_id("rfd", "refund"),
                    cash_book_id=connection.settings["wallet_cash_book_id"],
                    reference=f"{PLATFORM_NAMES[order.platform]} {order.order_id}",
                )
                if refund is not None:
                    links |= {"refund_id": refund["id"], "refund_code": refund.get("code")}
    sales.release_order(store, ACTOR, sales_order_id, f"{PLATFORM_NAMES[order.platform]} order {order.status}")
    return links


def _order_body(store: DocumentStore, connection: Connection, order: MarketplaceOrder) -> dict[str, Any]:
    from ledgerlet.masterdata.contract import MasterData

    master = MasterData(store)
    lines = []
    for number, line in enumerate(order.lines):
        item = master.item_by_sku(line.sku)
        if item is None or item.archived:
            raise unknown_item(line.sku, number)
        lines.append(
            {"item_id": item.id, "description": line.name[:200] or None, "qty": line.qty, "unit_price": line.unit_price}
        )
    return {
        "customer_id": connection.settings["customer_id"],
        "date": _day(store, order.created_at),
        "location_id": connection.settings["location_id"],
        "currency": order.currency,
        "prices_include_tax": True,
        "reference": f"{PLATFORM_NAMES[order.platform]} {order.order_id}",
        "memo": f"buyer {order.buyer}"[:200] if order.buyer else None,
        "lines": lines,
    }


# --- the order log ---------------------------------------------------------------------------------------------


def _log(store: DocumentStore, connection: Connection, order: MarketplaceOrder, source: str) -> dict[str, Any]:
    """The order's log entry, written on first sight; every import adds the status it saw."""
    entry_id = log_id(connection, order)
    found = store.get(LOG, entry_id)
    seen = {"at": _now(), "status": order.raw_status, "source": source}
    total = sum((line.qty * line.unit_price for line in order.lines), Decimal(0))
    facts: dict[str, Any] = {
        "order_status": order.status,  # (a document's own `status` is active or archived)
        "raw_status": order.raw_status,
        "buyer": order.buyer,
        "total": money_text(total, order.currency),
        "updated_at_platform": order.updated_at,
        "last_source": source,
    }
    if found is None:
        document = {
            "connection_id": connection.connection_id,
            "platform": order.platform,
            "shop_id": order.shop_id,
            "order_id": order.order_id,
            "currency": order.currency,
            "state": "importing",
            "events": [seen],
            "attempts": 0,
            **facts,
        }
        try:
            # no code: the log lists by id, which sorts by the order's creation time (newest first)
            search = (order.order_id, order.buyer)
            return store.create(LOG, "mko", document, ACTOR, search_text=search, doc_id=entry_id)
        except Problem:
            found = store.require(LOG, entry_id, "marketplace order")  # written meanwhile
    events = [*(found.get("events") or []), seen][-EVENTS_KEPT:]
    store.set_state(LOG, entry_id, "state", "importing", events=events, **facts)  # until this import ends
    return {**found, **facts, "events": events}


def _record(store: DocumentStore, entry_id: str, state: str, **details: Any) -> None:
    store.set_state(LOG, entry_id, "state", state, imported_at=_now(), **details)


def _attempts(entry: dict[str, Any]) -> int:
    return int(entry.get("attempts") or 0) + 1


def _day(store: DocumentStore, epoch: int) -> str:
    from ledgerlet.ledger.contract import company_today

    return company_today(store.tenant_id, datetime.fromtimestamp(epoch, UTC)).isoformat()


def _today(store: DocumentStore) -> str:
    from ledgerlet.ledger.contract import company_today

    return company_today(store.tenant_id).isoformat()


def _now() -> str:
    from ledgerlet.hub.table import now_iso

    return now_iso()
