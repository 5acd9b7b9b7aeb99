"""Sales quotations: prices offered to a customer until a date (``valid_until``), which orders take from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from ledgerlet.fields import Date
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import MasterKind
from ledgerlet.sales.documents import (
    SalesDocumentInput,
    SalesDocumentMeta,
    SalesKind,
    days_after,
    lines_required,
    only_drafts,
    prepared,
    revised,
)


class QuotationCreate(SalesDocumentInput):
    valid_until: Date | None = Field(
        default=None, description="The last day an order may take from it; none: the company's validity days on."
    )

    @model_validator(mode="after")
    def _complete(self) -> QuotationCreate:
        lines_required(self, None)
        if self.valid_until is not None and self.valid_until < self.date:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("sales.valid_until", "a quotation is valid until its date or later")
        return self


class QuotationMeta(SalesDocumentMeta):
    ordered: dict[str, Decimal] | None = Field(default=None, description="Per line (from 0): how much orders took.")


def _valid_until(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.sales.settings import read_settings

    if fields.get("valid_until"):
        return fields
    return {**fields, "valid_until": days_after(fields["date"], read_settings(store.tenant_id).quotation_validity_days)}


QUOTATIONS = SalesKind(
    MasterKind(
        label="quotation",
        applet="quotations",
        doc_type="QUOTATION",
        id_prefix="sq",
        create_model=QuotationCreate,
        series="QT",
        filters=("customer_id", "state"),
        search_fields=("reference", "customer_name"),
        rules=(only_drafts,),
        prepare=prepared(None, _valid_until),
        revise=revised(QuotationCreate, None),
        view_base=QuotationMeta,
    ),
    tallies=("ordered",),
)
