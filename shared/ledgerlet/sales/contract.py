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
