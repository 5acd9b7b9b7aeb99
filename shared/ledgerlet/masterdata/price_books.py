"""Price books: prices per item and unit with quantity breaks, for a customer group and a validity window."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Code, CurrencyCode, Date, Money, Name, PositiveQuantity, Reference, ShortText, UnitCode
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind


class PriceLine(Input):
    item_id: Reference
    uom: UnitCode | None = Field(default=None, description="Defaults to the item's base unit.")
    min_quantity: PositiveQuantity = Decimal(1)
    unit_price: Money


class PriceBookCreate(Input):
    code: Code
    name: Name
    currency: CurrencyCode = "MYR"
    customer_group: ShortText | None = Field(default=None, description="Empty = applies to every customer.")
    valid_from: Date | None = None
    valid_to: Date | None = None
    prices_include_tax: bool = False
    lines: list[PriceLine] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _coherent(self) -> PriceBookCreate:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        seen = set()
        for line in self.lines:
            key = (line.item_id, line.uom, line.min_quantity)
            if key in seen:
                raise ValueError(f"item {line.item_id} has two prices for {line.min_quantity} {line.uom or ''}")
            seen.add(key)
        return self


def _items_exist(store: DocumentStore, doc: dict[str, Any], _before: dict[str, Any] | None) -> None:
    for position, line in enumerate(doc.get("lines", [])):
        if store.get("ITEM", line["item_id"]) is None:
            raise invalid_field(
                f"body.lines.{position}.item_id",
                f"item {line['item_id']} does not exist",
                "reference.missing",
                id=line["item_id"],
            )


PRICE_BOOKS = MasterKind(
    label="price book",
    applet="price-books",
    doc_type="PRICEBOOK",
    id_prefix="pb",
    create_model=PriceBookCreate,
    filters=("currency", "customer_group"),
    rules=(_items_exist,),
)
