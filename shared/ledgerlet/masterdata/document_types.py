"""Document types and their numbering series (prefix + zero-padded number, gap-free per tenant)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ledgerlet.fields import Name
from ledgerlet.formats import text_format
from ledgerlet.hub.documents import DocumentStore, Series
from ledgerlet.kinds import Input, MasterKind


class DocumentTypeCreate(Input):
    code: str = Field(
        pattern=text_format(r"^[A-Z][A-Z0-9_]{1,19}$", "document_type", "SINV"), description="e.g. `CUSTOMER`, `SINV`."
    )
    name: Name
    prefix: str = Field(default="", max_length=12, pattern=text_format(r"^[A-Za-z0-9/_.-]*$", "prefix", "INV-"))
    width: int = Field(default=6, ge=1, le=12, description="Digits of the number, zero-padded.")


def _series_format(store: DocumentStore, doc: dict[str, Any], new: bool) -> list[dict[str, Any]]:
    """The numbering series' format lives on its counter; it changes with the document type."""
    return [store.series_config(Series(doc["code"], doc.get("prefix", ""), doc["width"]), new=new)]


DOCUMENT_TYPES = MasterKind(
    label="document type",
    applet="document-types",
    doc_type="DOCTYPE",
    id_prefix="dt",
    create_model=DocumentTypeCreate,
    side_writes=_series_format,
)
