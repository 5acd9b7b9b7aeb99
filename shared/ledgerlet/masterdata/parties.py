"""Customers and suppliers: the parties of sales and purchasing, with their LHDN identifiers."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from ledgerlet.fields import (
    Address,
    Brn,
    CurrencyCode,
    Email,
    Money,
    MsicCode,
    Name,
    Phone,
    Reference,
    ShortText,
    SstNumber,
    Tin,
)
from ledgerlet.formats import NRIC_PATTERN, SSM_EXAMPLE, SSM_PATTERN
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.rules import references

IdType = Literal["BRN", "NRIC", "PASSPORT", "ARMY"]


def _number_of_its_type_documented(schema: dict[str, Any]) -> None:
    """State what ``_number_of_its_type`` checks: an SSM number by default, a MyKad number for NRIC."""

    def number(pattern: str) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": pattern}, {"type": "null"}]}

    schema["anyOf"] = [
        {"properties": {"id_type": {"const": "BRN"}, "brn": number(SSM_PATTERN)}},
        {"required": ["id_type"], "properties": {"id_type": {"const": "NRIC"}, "brn": number(NRIC_PATTERN)}},
        {"required": ["id_type"], "properties": {"id_type": {"enum": ["PASSPORT", "ARMY"]}}},
    ]


class PartyCreate(Input):
    model_config = ConfigDict(json_schema_extra=_number_of_its_type_documented)

    name: Name = Field(description="Registered or trading name.")
    tin: Tin | None = None
    id_type: IdType = Field(default="BRN", description="Which identifier `brn` holds (MyInvois ID type).")
    brn: Brn | None = Field(default=None, description="Business registration, NRIC, passport or army number.")
    sst_number: SstNumber | None = None
    msic: MsicCode | None = None
    email: Email | None = None
    phone: Phone | None = None
    contact_person: ShortText | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    currency: CurrencyCode = "MYR"
    payment_terms_days: int = Field(default=30, ge=0, le=365)
    group: ShortText | None = Field(default=None, description="Customer or supplier group (price books).")
    control_account_id: Reference | None = Field(
        default=None, description="Receivable (customers) or payable (suppliers) control account."
    )

    @field_validator("brn")
    @classmethod
    def _number_of_its_type(cls, brn: str | None, info: ValidationInfo) -> str | None:
        """An SSM number in SSM's formats, a MyKad number in MyKad's."""
        from pydantic_core import PydanticCustomError

        id_type = info.data.get("id_type")
        if brn is None or id_type not in ("BRN", "NRIC"):
            return brn
        pattern, code, example = (
            (SSM_PATTERN, "format.brn", SSM_EXAMPLE)
            if id_type == "BRN"
            else (NRIC_PATTERN, "format.nric", "880101-14-5678")
        )
        if not re.match(pattern, brn):
            raise PydanticCustomError(
                code, "not a valid number of its ID type", {"example": example, "examples": example.split(" or ")}
            )
        return brn


class CustomerCreate(PartyCreate):
    credit_limit: Money | None = Field(default=None, description="In the customer's currency; none = no limit.")
    price_book_id: Reference | None = None


class SupplierCreate(PartyCreate):
    self_billed: bool = Field(
        default=False,
        description="The company issues the e-invoices of what it buys from this supplier (self-billed: a "
        "foreign supplier, an individual not in business, an agent paid commission...).",
    )


PARTY_SEARCH = ("tin", "brn", "email", "phone")

CUSTOMERS = MasterKind(
    label="customer",
    applet="customers",
    doc_type="CUSTOMER",
    id_prefix="cus",
    create_model=CustomerCreate,
    series="CUSTOMER",
    filters=("currency", "group", "tin"),
    search_fields=PARTY_SEARCH,
    rules=(
        references("control_account_id", "ACCOUNT", "account"),
        references("price_book_id", "PRICEBOOK", "price book"),
    ),
)

SUPPLIERS = MasterKind(
    label="supplier",
    applet="suppliers",
    doc_type="SUPPLIER",
    id_prefix="sup",
    create_model=SupplierCreate,
    series="SUPPLIER",
    filters=("currency", "group", "tin"),
    search_fields=PARTY_SEARCH,
    rules=(references("control_account_id", "ACCOUNT", "account"),),
)
