"""Sales invoices, cash sales included: what a customer owes (or paid at once, into a cash book). Submitting
one fixes it and posts it to the ledger: the receivable (or the cash book) for the total, revenue for each
line's net, SST payable per tax code, and a cash sale's 5-sen rounding. It counts its lines invoiced on
its sales order, never past what was delivered of stock items unless the company allows it. The invoice
stays an open item of the customer's receivables (``outstanding``) until receipts settle it. A submitted
invoice is corrected by a credit note, never cancelled."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel, Field, model_validator

from ledgerlet.errors import Conflict, FieldError, invalid_field
from ledgerlet.fields import Date
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.tally import taken
from ledgerlet.kinds import MasterKind
from ledgerlet.masterdata.contract import MasterData
from ledgerlet.sales.documents import (
    Change,
    Commit,
    SalesDocumentInput,
    SalesDocumentMeta,
    SalesKind,
    Source,
    days_after,
    lines_required,
    only_drafts,
    prepared,
    revised,
)

FROM_ORDER = Source(field="order_id", doc_type="SALESORDER", label="sales order", taken="invoiced")


class SalesInvoiceCreate(SalesDocumentInput):
    order_id: Id | None = Field(
        default=None, description="The sales order it invoices (its lines left to invoice, when it names none)."
    )
    due_date: Date | None = Field(default=None, description="None: the customer's payment terms from its date.")
    cash_book_id: Id | None = Field(
        default=None, description="A cash sale: paid at once into this cash book (in ringgit, rounded to 5 sen)."
    )

    @model_validator(mode="after")
    def _complete(self) -> SalesInvoiceCreate:
        lines_required(self, "order_id")
        if self.due_date is not None and self.due_date < self.date:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("sales.due_date", "an invoice falls due on its date or later")
        return self


class Settlement(BaseModel):
    receipt_id: str | None = None
    credit_note_id: str | None = None
    date: str
    amount: str


class SalesInvoiceMeta(SalesDocumentMeta):
    posting_state: str | None = Field(default=None, description="`pending`, `posted` or `failed` once submitted.")
    posting_error: str | None = None
    entry_ids: list[str] | None = Field(default=None, description="The journal entries it posted.")
    outstanding: str | None = Field(default=None, description="What the customer still owes on it.")
    allocations: list[Settlement] | None = Field(
        default=None, description="The receipts and credit notes that settled it."
    )
    credited: dict[str, Decimal] | None = Field(default=None, description="Per line (from 0): how much was credited.")


def defaults(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """Its due date from the customer's payment terms; a cash sale's cash book checked."""
    master = MasterData(store)
    if fields.get("cash_book_id"):
        book = master.cash_book(fields["cash_book_id"])
        if book is None or book.archived:
            raise invalid_field(
                "body.cash_book_id",
                f"cash book {fields['cash_book_id']} does not exist",
                "reference.missing",
                id=fields["cash_book_id"],
            )
    if fields.get("due_date"):
        return fields
    customer = master.customer(fields["customer_id"])
    terms = customer.payment_terms_days if customer else 0
    return {**fields, "due_date": fields["date"] if fields.get("cash_book_id") else days_after(fields["date"], terms)}


def _delivered_first(store: DocumentStore, invoice: dict[str, Any]) -> None:
    """Stock items are invoiced only once delivered, unless the company's settings allow it; and the period
    of its date must be open to sales."""
    from ledgerlet.ledger.contract import refuse_locked
    from ledgerlet.sales.settings import read_settings

    refuse_locked(store.tenant_id, "sales", invoice["date"])
    if not invoice.get("source_id") or read_settings(store.tenant_id).invoice_beyond_delivered:
        return
    order = store.require("SALESORDER", invoice["source_id"], "sales order")
    items = MasterData(store).items({line["item_id"] for line in invoice["lines"]})
    asked: dict[int, Decimal] = {}
    for number, line in enumerate(invoice["lines"]):
        at = line.get("source_line")
        item = items.get(line["item_id"])
        if at is None or item is None or item.kind != "stock":
            continue
        asked[at] = asked.get(at, Decimal(0)) + Decimal(str(line["qty"]))
        ready = taken(order, "delivered", at) - taken(order, "invoiced", at)
        if asked[at] > ready:
            raise invalid_field(
                f"body.lines.{number}.qty",
                f"only {ready:f} of {item.code} is delivered and not yet invoiced",
                "sales.not_delivered",
                item=item.code,
                ready=f"{ready:f}",
            )


def posted(doc_type: str, label: str) -> Commit:
    """The submit of a document that posts like an invoice: each line's revenue account fixed, posting
    pending, and the total outstanding (a cash sale is paid)."""

    def post(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
        document = {**change.document, **change.changes}
        master = MasterData(store)
        customer = master.customer(document["customer_id"])
        changes = {
            **change.changes,
            "lines": revenue_accounts(master, document["lines"]),
            "posting_state": "pending",
            "receivable_account_id": customer.control_account_id if customer else None,
            "outstanding": "0.00" if document.get("cash_book_id") else document["total"],
        }
        return store.update(
            doc_type,
            document["id"],
            changes,
            actor,
            expected_version=change.version,
            label=label,
            action="submit",
            extra=change.extra,
        )

    return post


def revenue_accounts(master: MasterData, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines, each with the account its revenue posts to (each item's read once)."""
    accounts = {item_id: _revenue_account(master, item_id) for item_id in {line["item_id"] for line in lines}}
    return [{**line, "revenue_account_id": accounts[line["item_id"]]} for line in lines]


def _revenue_account(master: MasterData, item_id: str) -> str:
    """The item's income account, else the company's sales of goods or of services."""
    item = master.item(item_id)
    if item is not None and item.income_account_id:
        return item.income_account_id
    role = "sales_services" if item is not None and item.kind == "service" else "sales_goods"
    account = master.account_by_code(_system_accounts()[role])
    if account is None:
        raise invalid_field("body.lines", f"the chart of accounts has no {role} account", "sales.revenue_account")
    return account.id


@cache
def _system_accounts() -> dict[str, str]:
    from ledgerlet.reference.sme_chart import SYSTEM_ACCOUNTS

    return dict(SYSTEM_ACCOUNTS)


def posted_stays(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """A posted invoice or debit note is corrected by a credit note, never cancelled."""
    raise Conflict(
        f"{change.document.get('code')} is posted: correct it with a credit note",
        [FieldError("id", "a submitted invoice is corrected by a credit note", "sales.invoice_posted")],
    )


SALES_INVOICES = SalesKind(
    MasterKind(
        label="sales invoice",
        applet="sales-invoices",
        doc_type="SALESINVOICE",
        id_prefix="si",
        create_model=SalesInvoiceCreate,
        series="SINV",
        filters=("customer_id", "state", "order_id", "posting_state"),
        search_fields=("reference", "customer_name"),
        rules=(only_drafts,),
        prepare=prepared(FROM_ORDER, defaults),
        revise=revised(SalesInvoiceCreate, FROM_ORDER),
        view_base=SalesInvoiceMeta,
    ),
    source=FROM_ORDER,
    tallies=("credited",),
    check=_delivered_first,
    commit=posted("SALESINVOICE", "sales invoice"),
    uncommit=posted_stays,
)
