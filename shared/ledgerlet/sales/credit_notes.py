"""Sales credit notes: the correction of a submitted invoice (it is never edited or cancelled). A credit note
takes its lines from the invoice's (at the invoice's prices, never more than was invoiced and not yet
credited), and posts the invoice's entries the other way: revenue and SST payable debited, the receivable
credited. It settles what the invoice still owes; what is left (the invoice was paid) stays a credit the
customer holds (a negative open item). With ``return_stock``, the goods come back too: a customer return
of the delivery's stock issue, at the rate they went out (cost of goods sold reversed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, model_validator

from ledgerlet.errors import Conflict, FieldError, Problem, invalid_field
from ledgerlet.fields import Reference as Id
from ledgerlet.fields import ShortText
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.tally import merged
from ledgerlet.kinds import MasterKind
from ledgerlet.masterdata.contract import MasterData
from ledgerlet.money import money_text
from ledgerlet.sales.documents import (
    Change,
    SalesDocumentInput,
    SalesDocumentMeta,
    SalesKind,
    Source,
    lines_required,
    only_drafts,
    prepared,
    revised,
)

FROM_INVOICE = Source(field="invoice_id", doc_type="SALESINVOICE", label="sales invoice", taken="credited")


class CreditNoteCreate(SalesDocumentInput):
    invoice_id: Id = Field(description="The invoice it corrects (its lines left to credit, when it names none).")
    reason: ShortText = Field(min_length=1, description="Why: goods returned, price corrected, ...")
    return_stock: bool = Field(default=False, description="The goods come back into stock (a sales return).")
    delivery_id: Id | None = Field(
        default=None, description="With `return_stock`: the delivery they came from; none: the order's only one."
    )

    @model_validator(mode="after")
    def _complete(self) -> CreditNoteCreate:
        lines_required(self, "invoice_id")
        return self


class Application(BaseModel):
    invoice_id: str
    amount: str


class CreditNoteMeta(SalesDocumentMeta):
    posting_state: str | None = None
    posting_error: str | None = None
    entry_ids: list[str] | None = None
    applied: Application | None = Field(default=None, description="What it settled of the invoice.")
    outstanding: str | None = Field(default=None, description="A credit left to the customer: negative.")
    stock_entry_id: str | None = Field(default=None, description="The customer return it wrote (return_stock).")


def same_currency(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """Its currency and prices those of the invoice it corrects."""
    invoice = store.get("SALESINVOICE", fields["invoice_id"]) or {}
    return {
        **fields,
        "currency": invoice.get("currency") or fields.get("currency"),
        "rate": invoice.get("rate") or fields.get("rate"),
        "prices_include_tax": invoice.get("prices_include_tax", fields.get("prices_include_tax")),
    }


def _credit(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """Submitted: posted, applied to what the invoice still owes, and with ``return_stock`` the goods back,
    all in one transaction."""
    from ledgerlet.sales.invoices import revenue_accounts
    from ledgerlet.sales.receipts import settling

    document = {**change.document, **change.changes}
    invoice = store.require("SALESINVOICE", document["invoice_id"], "sales invoice")
    total = Decimal(document["total"])
    applied = min(total, Decimal(str(invoice.get("outstanding") or 0)))
    currency = document["currency"]
    master = MasterData(store)
    changes = {
        **change.changes,
        "lines": revenue_accounts(master, document["lines"]),
        "posting_state": "pending",
        "receivable_account_id": invoice.get("receivable_account_id"),
        "applied": {"invoice_id": invoice["id"], "amount": money_text(applied, currency)},
        "outstanding": money_text(applied - total, currency),
    }
    extra = list(change.extra)
    if applied > 0:  # one write of the invoice: what is credited of its lines, and what it owes
        credit = {"credit_note_id": document["id"], "date": document["date"]}
        settled = settling(store, invoice, applied, credit)
        at = next((n for n, op in enumerate(extra) if op["Update"]["Key"] == settled["Update"]["Key"]), None)
        if at is None:
            extra.append(settled)
        else:
            extra[at] = merged(extra[at], settled)
    if not document.get("return_stock"):
        return store.update(
            "SALESCREDITNOTE", document["id"], changes, actor, expected_version=change.version,
            label="credit note", action="submit", extra=extra,
        )  # fmt: skip
    return _with_goods_back(store, actor, Change(document, changes, change.version, extra, "submit"))


def _with_goods_back(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """The credit note submitted and its stock lines back in, as a customer return of the delivery's issue."""
    from ledgerlet.inventory.contract import move_stock, new_entry_id

    document, extra = change.document, change.extra
    delivery = _delivery(store, document)
    entry_id = new_entry_id()
    _, done, operations = store.update_operations(
        "SALESCREDITNOTE",
        document["id"],
        {**change.changes, "stock_entry_id": entry_id, "delivery_id": delivery["id"]},
        actor,
        expected_version=change.version,
        label="credit note",
        action="submit",
    )
    items = MasterData(store).items({line["item_id"] for line in document["lines"]})
    lines = [
        (number, {"item_id": line["item_id"], "qty": Decimal(str(line["qty"]))})
        for number, line in enumerate(document["lines"])
        if (item := items.get(line["item_id"])) is not None and item.kind == "stock"
    ]
    try:
        move_stock(
            store,
            actor,
            purpose="customer_return",
            date=document["date"],
            location_id=delivery["location_id"],
            lines=[line for _, line in lines],
            source={
                "type": "SALESCREDITNOTE",
                "id": document["id"],
                "code": document.get("code"),
                "returns_entry_id": delivery["stock_entry_id"],
            },
            reference=document.get("code"),
            extra=[*operations, *extra],
            entry_id=entry_id,
        )
    except Problem as refused:
        from ledgerlet.sales.deliveries import on_document_lines

        raise on_document_lines(refused, [number for number, _ in lines]) from None
    return done


def _delivery(store: DocumentStore, document: dict[str, Any]) -> dict[str, Any]:
    """The delivery the returned goods came from: named, else the order's only one."""
    delivery_id = document.get("delivery_id")
    if not delivery_id:
        invoice = store.require("SALESINVOICE", document["invoice_id"], "sales invoice")
        order = store.get("SALESORDER", invoice.get("source_id") or "") if invoice.get("source_id") else None
        deliveries = [link["id"] for link in (order or {}).get("flow") or [] if link["type"] == "DELIVERYORDER"]
        live = [d for d in deliveries if (store.get("DELIVERYORDER", d) or {}).get("state") == "submitted"]
        if len(live) != 1:
            raise invalid_field("body.delivery_id", "name the delivery the goods came from", "sales.return_delivery")
        delivery_id = live[0]
    delivery = store.get("DELIVERYORDER", delivery_id)
    if delivery is None or delivery.get("state") != "submitted" or not delivery.get("stock_entry_id"):
        raise invalid_field("body.delivery_id", "not a delivery that issued stock", "sales.return_delivery")
    return delivery


def _posted_stays(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """A submitted credit note has posted, settled its invoice and may have taken stock back: it is
    corrected by a debit note, never cancelled."""
    raise Conflict(
        f"{change.document.get('code')} is posted: correct it with a debit note",
        [FieldError("id", "a submitted credit note is corrected by a debit note", "sales.credit_note_posted")],
    )


CREDIT_NOTES = SalesKind(
    MasterKind(
        label="credit note",
        applet="credit-notes",
        doc_type="SALESCREDITNOTE",
        id_prefix="cn",
        create_model=CreditNoteCreate,
        series="SCN",
        filters=("customer_id", "state", "invoice_id", "posting_state"),
        search_fields=("reference", "customer_name", "reason"),
        rules=(only_drafts,),
        prepare=prepared(FROM_INVOICE, same_currency),
        revise=revised(CreditNoteCreate, FROM_INVOICE),
        view_base=CreditNoteMeta,
    ),
    source=FROM_INVOICE,
    commit=_credit,
    uncommit=_posted_stays,
)
