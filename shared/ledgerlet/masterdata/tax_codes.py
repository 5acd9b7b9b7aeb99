"""Tax codes: Malaysian SST (sales tax 5%/10%, service tax 6%/8%), exemptions, LHDN tax types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Code, Date, Name, Percent, Reference, in_table, table_enum
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.rules import references

TaxType = Annotated[
    str,
    StringConstraints(max_length=2),
    AfterValidator(in_table("tax_types", "tax type")),
    Field(
        description="LHDN tax type: `01` sales, `02` service, `E` exempt, `06` not applicable…",
        json_schema_extra=table_enum("tax_types"),
    ),
]


class TaxCodeCreate(Input):
    code: Code
    name: Name
    tax_type: TaxType
    rate: Percent = Field(description="Percent, e.g. `8` for service tax at 8%.")
    account_id: Reference | None = Field(default=None, description="Where collected tax is credited.")
    deductible: bool = Field(
        default=False,
        description="Tax paid under this code may be deducted (e.g. service tax on a taxable service "
        "acquired for one provided). Otherwise SST paid on a purchase has no input credit: it is part "
        "of the cost, posted with the purchase line.",
    )
    deduction_account_id: Reference | None = Field(
        default=None, description="Where deductible tax paid is debited (e.g. 1140 SST Refundable / Deductible)."
    )
    effective_from: Date | None = None

    @model_validator(mode="after")
    def _exempt_has_no_rate(self) -> TaxCodeCreate:
        if self.tax_type in ("E", "06") and self.rate != Decimal(0):
            raise ValueError("exempt and not-applicable tax codes have rate 0")
        return self


def _deduction_has_an_account(_store: DocumentStore, doc: dict[str, Any], _before: dict[str, Any] | None) -> None:
    if doc.get("deductible") and not doc.get("deduction_account_id"):
        raise invalid_field(
            "body.deduction_account_id",
            "a deductible tax code needs the account its deductions go to",
            "tax_code.deduction_account",
        )


TAX_CODES = MasterKind(
    label="tax code",
    applet="tax-codes",
    doc_type="TAXCODE",
    id_prefix="tax",
    create_model=TaxCodeCreate,
    filters=("tax_type",),
    rules=(
        references("account_id", "ACCOUNT", "account"),
        references("deduction_account_id", "ACCOUNT", "account"),
        _deduction_has_an_account,
    ),
    immutable=("code", "tax_type"),
)
