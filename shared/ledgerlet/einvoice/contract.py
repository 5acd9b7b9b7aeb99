"""What other applets may read of the e-invoices (``ledgerlet.einvoice``): whether a document is a valid
e-invoice at MyInvois, with LHDN's ids and the validation link a printed invoice carries as its QR code.

Everything else in ``ledgerlet.einvoice`` is the e-invoice applet's own (pyproject.toml's import-linter
contracts).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Validation", "validation_of"]


@dataclass(frozen=True)
class Validation:
    """A valid e-invoice's particulars, as LHDN gave them."""

    uuid: str  # LHDN's id of the document
    long_id: str
    validation_link: str  # LHDN's public page for it (what the QR code holds)
    validated_at: str  # ISO 8601, UTC


def validation_of(tenant_id: str, source_id: str) -> Validation | None:
    """The validation of the e-invoice of sales document ``source_id`` while it is valid; None when the
    document was never sent, is not valid (yet), or was cancelled. Read with the tenant's scoped
    credentials."""
    from ledgerlet.einvoice.lifecycle import VALID
    from ledgerlet.einvoice.queue import EInvoiceQueue, einvoice_id

    found = EInvoiceQueue(tenant_id).get(einvoice_id(source_id), consistent=False)
    if not found or found.get("state") != VALID or not found.get("validation_link") or not found.get("uuid"):
        return None
    return Validation(
        uuid=str(found["uuid"]),
        long_id=str(found.get("long_id") or ""),
        validation_link=str(found["validation_link"]),
        validated_at=str(found.get("validated_at") or ""),
    )
