"""Customers and suppliers: the parties of sales and purchasing, with their LHDN identifiers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.rules import references

IdType = Literal["BRN", "NRIC", "PASSPORT", "ARMY"]


class PartyCreate(Input):
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


class CustomerCreate(PartyCreate):
    credit_limit: Money | None = Field(default=None, description="In the customer's currency; none = no limit.")
    price_book_id: Reference | None = None


class SupplierCreate(PartyCreate):
    pass


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
