"""What other applets may read of sales documents (MyInvois reads the documents it issues as e-invoices)."""

from __future__ import annotations

from typing import Any

EINVOICE_TYPES: dict[str, str] = {
    "SALESINVOICE": "01",  # invoice
    "SALESCREDITNOTE": "02",  # credit note
    "SALESDEBITNOTE": "03",  # debit note
    "CUSTOMERREFUND": "04",  # refund note
}
"""The sales documents that are e-invoices, and their LHDN e-invoice type."""


def issued_document(store: Any, doc_type: str, doc_id: str) -> dict[str, Any] | None:
    """A sales document as issued (submitted; a refund once written), None otherwise."""
    found: dict[str, Any] | None = store.get(doc_type, doc_id)
    if not found:
        return None
    if doc_type != "CUSTOMERREFUND" and found.get("state") != "submitted":
        return None
    return found


def original_of(doc_type: str, document: dict[str, Any]) -> tuple[str, str] | None:
    """The document a note adjusts, as (type, id): an invoice for credit and debit notes, the credit note
    a refund pays out. None for an invoice, and for a refund of an advance (it adjusts no e-invoice)."""
    if doc_type in ("SALESCREDITNOTE", "SALESDEBITNOTE"):
        return ("SALESINVOICE", document["invoice_id"])
    if doc_type == "CUSTOMERREFUND" and document.get("credit_note_id"):
        return ("SALESCREDITNOTE", document["credit_note_id"])
    return None


PRINTED_TYPES = ("SALESINVOICE",)
"""The e-invoiced sales documents the sales applet prints (credit and debit notes have no printed form yet)."""


def printed_pdf(tenant_id: str, doc_type: str, doc_id: str, language: str = "en") -> tuple[bytes, str] | None:
    """A sales document printed as its print action prints it (an invoice with its e-invoice's QR code
    once valid), as (PDF bytes, file name); None for a type without a printed form. 404 when there is no
    such document. Read with the tenant's scoped credentials."""
    if doc_type not in PRINTED_TYPES:
        return None
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.sales.printing.invoice import printed_invoice, render

    invoice = printed_invoice(DocumentStore(tenant_id), doc_id, language)
    return render(invoice), f"{invoice.number}.pdf"


# Sales channels write their orders as sales documents, each step once (marketplaces); or price their own
# sales with the same engine, SST and 5-sen cash rounding (the point of sale: pure code, no storage).
from ledgerlet.sales import pricing  # noqa: E402 - the pricing engine
from ledgerlet.sales.channels import (  # noqa: E402 - the sales documents a channel writes
    credit_invoice,
    deliver_order,
    invoice_order,
    place_order,
    refund_credit,
    release_order,
    settle_invoice,
)
from ledgerlet.sales.rounding import BNM_CASH_ROUNDING, cash_round  # noqa: E402 - Bank Negara's 5-sen rounding


def revenue_accounts(store: Any, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines, each with the account its revenue posts to (``revenue_account_id``) as a sales invoice's:
    the item's income account, else sales of goods (4100) or of services (4200)."""
    from ledgerlet.masterdata.contract import MasterData
    from ledgerlet.sales.invoices import revenue_accounts as accounts

    return accounts(MasterData(store), lines)


__all__ = [
    "BNM_CASH_ROUNDING",
    "EINVOICE_TYPES",
    "PRINTED_TYPES",
    "cash_round",
    "credit_invoice",
    "deliver_order",
    "invoice_order",
    "issued_document",
    "original_of",
    "place_order",
    "pricing",
    "printed_pdf",
    "refund_credit",
    "release_order",
    "revenue_accounts",
    "settle_invoice",
]
