"""Chart of accounts: headers group accounts of their own type; control accounts take sub-ledger postings."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Code, CurrencyCode, LongText, Name, Reference
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind

AccountType = Literal["asset", "liability", "equity", "income", "expense"]
Control = Literal["receivable", "payable", "inventory", "tax"]
NORMAL_BALANCE = {
    "asset": "debit",
    "expense": "debit",
    "liability": "credit",
    "equity": "credit",
    "income": "credit",
}


def _subtypes(schema: dict[str, Any]) -> None:
    from ledgerlet.reference.sme_chart import ACCOUNT_SUBTYPES

    schema["enum"] = sorted(ACCOUNT_SUBTYPES)


def _subtype_of_its_type(schema: dict[str, Any]) -> None:
    """State what ``_subtype_matches_type`` checks: each type has its own subtypes."""
    from ledgerlet.reference.sme_chart import ACCOUNT_SUBTYPES

    schema["anyOf"] = [
        {
            "properties": {
                "type": {"const": account_type},
                "subtype": {"enum": sorted(sub for sub, owner in ACCOUNT_SUBTYPES.items() if owner == account_type)},
            }
        }
        for account_type in NORMAL_BALANCE
    ]


class AccountCreate(Input):
    model_config = ConfigDict(json_schema_extra=_subtype_of_its_type)

    code: Code
    name: Name
    type: AccountType
    subtype: str = Field(
        max_length=40,
        description="Finer class within the type, e.g. `bank`, `receivable`.",
        json_schema_extra=_subtypes,
    )
    parent_id: Reference | None = Field(default=None, description="Header account this one is grouped under.")
    is_header: bool = Field(default=False, description="A header groups accounts and takes no postings.")
    control: Control | None = Field(default=None, description="Control account of a sub-ledger.")
    currency: CurrencyCode | None = Field(default=None, description="Restrict postings to one currency.")
    monetary: bool | None = Field(
        default=None,
        description="A monetary item, revalued at a period end when held in a foreign currency (loans, other "
        "receivables and payables). Unset: by subtype (`bank`, `cash`, `receivable` and `payable` are monetary).",
    )
    description: LongText | None = None

    @model_validator(mode="after")
    def _subtype_matches_type(self) -> AccountCreate:
        from ledgerlet.reference.sme_chart import ACCOUNT_SUBTYPES

        expected = ACCOUNT_SUBTYPES.get(self.subtype)
        if expected is None:
            raise PydanticCustomError(
                "choice.invalid", "subtype is not one of {choices}", {"choices": ", ".join(sorted(ACCOUNT_SUBTYPES))}
            )
        if expected != self.type:
            raise PydanticCustomError(
                "account.subtype",
                "subtype {subtype} belongs to type {expected}",
                {"subtype": self.subtype, "expected": expected},
            )
        return self


def _parent_is_header_of_same_type(store: DocumentStore, doc: dict[str, Any], before: dict[str, Any] | None) -> None:
    parent_id = doc.get("parent_id")
    if not parent_id:
        return
    if before and parent_id == before["id"]:
        raise invalid_field("body.parent_id", "an account cannot be its own parent", "parent.self")
    parent = store.get("ACCOUNT", parent_id)
    if parent is None or parent.get("status") == "archived":
        raise invalid_field("body.parent_id", f"account {parent_id} does not exist", "reference.missing", id=parent_id)
    if not parent.get("is_header"):
        raise invalid_field(
            "body.parent_id",
            f"account {parent['code']} is not a header account",
            "account.not_header",
            account=parent["code"],
        )
    if parent["type"] != doc["type"]:
        raise invalid_field(
            "body.parent_id",
            f"header {parent['code']} is {parent['type']}, not {doc['type']}",
            "account.parent_type",
            account=parent["code"],
        )


def _type_is_fixed(_store: DocumentStore, doc: dict[str, Any], before: dict[str, Any] | None) -> None:
    if before and before["type"] != doc["type"]:
        raise invalid_field(
            "body.type", "an account's type cannot change; archive it and create another", "account.type_fixed"
        )


ACCOUNTS = MasterKind(
    label="account",
    applet="accounts",
    doc_type="ACCOUNT",
    id_prefix="acc",
    create_model=AccountCreate,
    filters=("type", "subtype", "control", "parent_id"),
    search_fields=("description",),
    rules=(_type_is_fixed, _parent_is_header_of_same_type),
)
