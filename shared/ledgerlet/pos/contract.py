"""What other applets may read of the point of sale: its sales as e-invoices. A sale at a register is a sale to
the general public (its walk-in customer has no TIN): MyInvois gathers it into the month's consolidated
e-invoice, and a return into the consolidated credit note.

Everything else in ``ledgerlet.pos`` is the point of sale's own (pyproject.toml's import-linter contracts)."""

from __future__ import annotations

from typing import Any

__all__ = ["EINVOICE_TYPES", "einvoice_type", "issued_document", "original_of"]

EINVOICE_TYPES: frozenset[str] = frozenset({"POSSALE"})
"""The point of sale's documents that are e-invoices (their LHDN type: :func:`einvoice_type`)."""


def einvoice_type(doc_type: str, document: dict[str, Any]) -> str:
    """The LHDN e-invoice type of a sale: ``01`` an invoice, ``02`` a credit note for a return."""
    return "02" if document.get("kind") == "return" else "01"


def issued_document(store: Any, doc_type: str, doc_id: str) -> dict[str, Any] | None:
    """A sale as recorded (a sale is issued once recorded, whatever a person still has to resolve)."""
    found: dict[str, Any] | None = store.get(doc_type, doc_id) if doc_type in EINVOICE_TYPES else None
    return found


def original_of(doc_type: str, document: dict[str, Any]) -> tuple[str, str] | None:
    """The sale a return takes back, as (type, id); None for a sale."""
    if doc_type in EINVOICE_TYPES and document.get("return_of"):
        return (doc_type, str(document["return_of"]))
    return None
