"""Sales that come from a sales channel (a marketplace), as the sales documents any user could write.

The channel's own record decides each document's id (:func:`ledgerlet.ids.derived_id`), so every step
here first reads what is there and does only what is left: a step retried after a crash, or the same
order pushed again, never writes a second order, delivery, invoice, note, receipt or refund. Documents
are created and submitted as two writes; a crash between them leaves a draft the retry submits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.tally import left


def place_order(store: DocumentStore, actor: Actor, order_id: str, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The order written (with this id), submitted, and its stock held at its location. Answers the order
    and whether all its stock is held (False: short, the order stands and waits for stock)."""
    from ledgerlet.sales.orders import SALES_ORDERS, SalesOrderCreate

    order = _issued(store, actor, SALES_ORDERS, order_id, lambda: SalesOrderCreate.model_validate(body))
    if order.get("state") != "submitted" or order.get("reservation_ids"):
        return order, True
    from ledgerlet.sales.workflow import StockShort, reserve

    try:
        reserve({"tenant_id": store.tenant_id, "order_id": order_id})
    except StockShort:
        return store.require("SALESORDER", order_id, "sales order"), False
    return store.require("SALESORDER", order_id, "sales order"), True


def invoice_order(
    store: DocumentStore, actor: Actor, order_id: str, invoice_id: str, *, einvoice_state: str | None = None
) -> dict[str, Any]:
    """Invoice what is left to invoice on the order, once. ``einvoice_state`` is set on the invoice before
    it is issued (``by_platform``: the marketplace issues its e-invoice, so it is not queued here)."""
    from ledgerlet.sales.invoices import SALES_INVOICES, SalesInvoiceCreate

    def body() -> Any:
        order = store.require("SALESORDER", order_id, "sales order")
        return SalesInvoiceCreate.model_validate(
            {
                "customer_id": order["customer_id"],
                "date": _today(store),
                "order_id": order_id,
                "reference": order.get("reference"),
            }
        )

    def before_submit(draft: dict[str, Any]) -> None:
        if einvoice_state and not draft.get("einvoice_state"):
            store.set_state("SALESINVOICE", draft["id"], "einvoice_state", einvoice_state)

    return _issued(store, actor, SALES_INVOICES, invoice_id, body, before_submit=before_submit)


def deliver_order(store: DocumentStore, actor: Actor, order_id: str, delivery_id: str) -> dict[str, Any] | None:
    """Deliver what is left to deliver on the order (taking the stock it holds), once. None when nothing
    is left (the order has no stock lines, or was delivered another way)."""
    from ledgerlet.sales.deliveries import DELIVERY_ORDERS, DeliveryOrderCreate

    order = store.require("SALESORDER", order_id, "sales order")
    if store.get("DELIVERYORDER", delivery_id) is None and not any(
        left(order, "delivered", n) > 0 for n in range(len(order["lines"]))
    ):
        return None
    body = {
        "customer_id": order["customer_id"],
        "date": _today(store),
        "order_id": order_id,
        "reference": order.get("reference"),
    }
    return _issued(store, actor, DELIVERY_ORDERS, delivery_id, lambda: DeliveryOrderCreate.model_validate(body))


def credit_invoice(
    store: DocumentStore, actor: Actor, invoice_id: str, credit_note_id: str, *, reason: str, return_stock: bool
) -> dict[str, Any] | None:
    """Credit what is left to credit of the invoice, once; with ``return_stock`` the goods come back to
    the location they left from. None when nothing is left to credit."""
    from ledgerlet.sales.credit_notes import CREDIT_NOTES, CreditNoteCreate

    invoice = store.require("SALESINVOICE", invoice_id, "sales invoice")
    if store.get("SALESCREDITNOTE", credit_note_id) is None and not any(
        left(invoice, "credited", n) > 0 for n in range(len(invoice["lines"]))
    ):
        return None
    body = {
        "customer_id": invoice["customer_id"],
        "reference": invoice.get("reference"),
        "date": _today(store),
        "invoice_id": invoice_id,
        "reason": reason,
        "return_stock": return_stock,
    }
    return _issued(store, actor, CREDIT_NOTES, credit_note_id, lambda: CreditNoteCreate.model_validate(body))


def release_order(store: DocumentStore, actor: Actor, order_id: str, reason: str) -> dict[str, Any]:
    """The channel cancelled the order: cancelled when nothing was delivered or invoiced from it (its stock
    goes back), else the stock it still holds is let go."""
    from ledgerlet.inventory.contract import release_stock
    from ledgerlet.sales.documents import CancelRequest, cancel
    from ledgerlet.sales.orders import SALES_ORDERS

    order = store.require("SALESORDER", order_id, "sales order")
    if order.get("state") == "cancelled":
        return order
    taken = any(Decimal(str(v)) for name in ("delivered", "invoiced") for v in (order.get(name) or {}).values())
    if not taken:
        return cancel(store, actor, SALES_ORDERS, order_id, CancelRequest(reason=reason))
    for reservation_id in order.get("reservation_ids") or []:
        release_stock(store, actor, reservation_id, reason)
    return order


def settle_invoice(
    store: DocumentStore, actor: Actor, invoice_id: str, receipt_id: str, *, cash_book_id: str, reference: str
) -> dict[str, Any] | None:
    """What the invoice still owes received into a cash book (a marketplace's seller balance), once. None
    when it owes nothing."""
    from ledgerlet.sales.receipts import CUSTOMER_RECEIPTS, CustomerReceiptCreate

    found = store.get("CUSTOMERRECEIPT", receipt_id)
    if found is not None:
        return found
    invoice = store.require("SALESINVOICE", invoice_id, "sales invoice")
    owed = Decimal(str(invoice.get("outstanding") or 0))
    if owed <= 0:
        return None
    body = {
        "customer_id": invoice["customer_id"],
        "cash_book_id": cash_book_id,
        "date": _today(store),
        "amount": owed,
        "reference": reference,
        "allocations": [{"invoice_id": invoice_id, "amount": owed}],
    }
    return _created(store, actor, CUSTOMER_RECEIPTS, receipt_id, CustomerReceiptCreate.model_validate(body))


def refund_credit(
    store: DocumentStore, actor: Actor, credit_note_id: str, refund_id: str, *, cash_book_id: str, reference: str
) -> dict[str, Any] | None:
    """The credit a credit note left the customer paid back out of a cash book, once. None when it left
    none (it settled what the invoice still owed)."""
    from ledgerlet.sales.refunds import CUSTOMER_REFUNDS, CustomerRefundCreate

    found = store.get("CUSTOMERREFUND", refund_id)
    if found is not None:
        return found
    note = store.require("SALESCREDITNOTE", credit_note_id, "credit note")
    credit = -Decimal(str(note.get("outstanding") or 0))
    if credit <= 0:
        return None
    body = {
        "customer_id": note["customer_id"],
        "cash_book_id": cash_book_id,
        "date": _today(store),
        "amount": credit,
        "credit_note_id": credit_note_id,
        "reference": reference,
    }
    return _created(store, actor, CUSTOMER_REFUNDS, refund_id, CustomerRefundCreate.model_validate(body))


# --- helpers -------------------------------------------------------------------------------------------------------


def _issued(
    store: DocumentStore,
    actor: Actor,
    sales: Any,
    doc_id: str,
    body: Any,
    *,
    before_submit: Any = None,
) -> dict[str, Any]:
    """The document with this id, written (from ``body()``) when it is not there, and submitted when a draft."""
    from ledgerlet.sales.documents import SubmitRequest, submit

    document = store.get(sales.kind.doc_type, doc_id)
    if document is None:
        document = _created(store, actor, sales.kind, doc_id, body())
    if document.get("state") == "draft":
        if before_submit:
            before_submit(document)
        document = submit(store, actor, sales, doc_id, SubmitRequest(version=document["version"]))
    return document


def _created(store: DocumentStore, actor: Actor, kind: Any, doc_id: str, body: Any) -> dict[str, Any]:
    from ledgerlet.kind_service import KindService

    return KindService(kind, store, actor).create(body, doc_id=doc_id)


def _today(store: DocumentStore) -> str:
    from ledgerlet.ledger.contract import company_today

    return company_today(store.tenant_id).isoformat()
