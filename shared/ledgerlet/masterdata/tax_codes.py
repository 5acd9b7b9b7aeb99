"""Tax codes: Malaysian SST (sales tax 5%/10%, service tax 6%/8%), exemptions, LHDN tax types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from ledgerlet.fields import Code, Date, Name, Percent, Reference, _in_table
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.rules import references

TaxType = Annotated[
    str,
    StringConstraints(max_length=2),
    AfterValidator(_in_table("tax_types", "tax type")),
    Field(description="LHDN tax type: `01` sales, `02` service, `E` exempt, `06` not applicable…"),
]


class TaxCodeCreate(Input):
    code: Code
    name: Name
    tax_type: TaxType
    rate: Percent = Field(description="Percent, e.g. `8` for service tax at 8%.")
    account_id: Reference | None = Field(default=None, description="Where collected tax is credited.")
    effective_from: Date | None = None

    @model_validator(mode="after")
    def _exempt_has_no_rate(self) -> TaxCodeCreate:
        if self.tax_type in ("E", "06") and self.rate != Decimal(0):
            raise ValueError("exempt and not-applicable tax codes have rate 0")
        return self


TAX_CODES = MasterKind(
    label="tax code",
    applet="tax-codes",
    doc_type="TAXCODE",
    id_prefix="tax",
    create_model=TaxCodeCreate,
    filters=("tax_type",),
    rules=(references("account_id", "ACCOUNT", "account"),),
    immutable=("code", "tax_type"),
)
