"""Items: stock, non-stock and service items with units of measure, barcodes and costing."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from ledgerlet.fields import (
    ClassificationCode,
    LongText,
    Money,
    Name,
    Quantity,
    Reference,
    ShortText,
    UnitCode,
    decimal_text,
)
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.rules import references

Barcode = str


class UnitConversion(Input):
    uom: UnitCode
    factor: Decimal = Field(
        gt=0,
        le=Decimal(1000000),
        decimal_places=6,
        description="Base units in one `uom`.",
        json_schema_extra=decimal_text(6, digits=6, positive=True),
    )


class ItemCreate(Input):
    name: Name
    kind: Literal["stock", "non_stock", "service"]
    description: LongText | None = None
    category: ShortText | None = None
    base_uom: UnitCode = Field(default="C62", description="Unit stock is counted in (`C62` = one).")
    conversions: list[UnitConversion] = Field(default_factory=list, max_length=20)
    barcodes: list[str] = Field(default_factory=list, max_length=20)
    costing_method: Literal["fifo", "weighted_average", "standard"] | None = Field(
        default=None, description="Stock items only; none: the company's default (`/v1/stock/settings`)."
    )
    allow_negative_stock: bool | None = Field(
        default=None, description="Stock items only; none: the company's negative-stock policy."
    )
    tracking: Literal["batch", "serial"] | None = Field(
        default=None,
        description="Stock items only: `batch` (every movement names its batch, which may expire) or `serial` "
        "(a serial number per unit). Set when the item is created.",
    )
    shelf_life_days: int | None = Field(
        default=None, ge=1, le=36500, description="Items tracked by batch: a received batch's default expiry."
    )
    standard_cost: Money | None = None
    sales_price: Money | None = None
    purchase_price: Money | None = None
    sales_tax_code_id: Reference | None = None
    purchase_tax_code_id: Reference | None = None
    classification: ClassificationCode | None = Field(default=None, description="MyInvois classification.")
    income_account_id: Reference | None = None
    expense_account_id: Reference | None = None
    inventory_account_id: Reference | None = None
    reorder_level: Quantity | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ItemCreate:
        stock_only = (
            self.costing_method,
            self.inventory_account_id,
            self.reorder_level,
            self.allow_negative_stock,
            self.tracking,
        )
        if self.kind != "stock" and any(value is not None for value in stock_only):
            raise ValueError(
                "costing method, negative stock, inventory account, reorder level and tracking are for stock items only"
            )
        if self.shelf_life_days is not None and self.tracking != "batch":
            raise ValueError("a shelf life is for items tracked by batch")
        if self.costing_method == "standard" and self.standard_cost is None:
            raise ValueError("standard costing needs a standard_cost")
        units = [c.uom for c in self.conversions]
        if len(set(units)) != len(units) or self.base_uom in units:
            raise ValueError("each conversion unit must appear once and differ from base_uom")
        for barcode in self.barcodes:
            if not (1 <= len(barcode) <= 48 and barcode.isascii() and barcode.isprintable()):
                raise ValueError(f"barcode {barcode!r} must be 1-48 printable ASCII characters")
        if len(set(self.barcodes)) != len(self.barcodes):
            raise ValueError("barcodes must be distinct")
        return self


ITEMS = MasterKind(
    label="item",
    applet="items",
    doc_type="ITEM",
    id_prefix="itm",
    create_model=ItemCreate,
    series="ITEM",
    filters=("kind", "category", "classification", "tracking"),
    immutable=("code", "tracking"),
    search_fields=("category", "description", "barcodes"),  # a scanned code or a seller SKU finds its item
    rules=(
        references("sales_tax_code_id", "TAXCODE", "tax code"),
        references("purchase_tax_code_id", "TAXCODE", "tax code"),
        references("income_account_id", "ACCOUNT", "account"),
        references("expense_account_id", "ACCOUNT", "account"),
        references("inventory_account_id", "ACCOUNT", "account"),
    ),
)
