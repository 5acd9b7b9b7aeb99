"""Sales debit notes: charges added to a submitted invoice after it was sent (freight, a price increase,
interest). A debit note has lines of its own, in the invoice's currency, posts like an invoice and is an
open item of its own (``outstanding``) that receipts settle."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from ledgerlet.fields import Date, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import MasterKind
from ledgerlet.sales.credit_notes import same_currency
from ledgerlet.sales.documents import (
    SalesDocumentInput,
    SalesKind,
    Source,
    lines_required,
    only_drafts,
    prepared,
    revised,
)
from ledgerlet.sales.invoices import SalesInvoiceMeta, defaults, posted, posted_stays

OF_INVOICE = Source(field="invoice_id", doc_type="SALESINVOICE", label="sales invoice", taken="debited")


class DebitNoteCreate(SalesDocumentInput):
    invoice_id: Id = Field(description="The invoice it adds to.")
    reason: ShortText = Field(min_length=1, description="What is charged: freight, a price increase, ...")
    due_date: Date | None = Field(default=None, description="None: the customer's payment terms from its date.")

    @model_validator(mode="after")
    def _complete(self) -> DebitNoteCreate:
        lines_required(self, None)
        return self


def _defaults(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """In the invoice's currency and at its rate; due by the customer's terms."""
    return defaults(store, same_currency(store, fields))


DEBIT_NOTES = SalesKind(
    MasterKind(
        label="debit note",
        applet="debit-notes",
        doc_type="SALESDEBITNOTE",
        id_prefix="dn",
        create_model=DebitNoteCreate,
        series="SDN",
        filters=("customer_id", "state", "invoice_id", "posting_state"),
        search_fields=("reference", "customer_name", "reason"),
        rules=(only_drafts,),
        prepare=prepared(OF_INVOICE, _defaults),
        revise=revised(DebitNoteCreate, OF_INVOICE),
        view_base=SalesInvoiceMeta,
    ),
    source=OF_INVOICE,
    commit=posted("SALESDEBITNOTE", "debit note"),
    uncommit=posted_stays,
)
