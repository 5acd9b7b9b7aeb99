"""Cash books: bank accounts, cash floats and e-wallets, each tied to a bank or cash GL account."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Code, CurrencyCode, Name, Reference, ShortText
from ledgerlet.formats import text_format
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind


class CashBookCreate(Input):
    code: Code
    name: Name
    kind: Literal["bank", "cash", "e-wallet"]
    account_id: Reference = Field(description="The GL account (subtype bank or cash) this book posts to.")
    currency: CurrencyCode = "MYR"
    bank_name: ShortText | None = None
    account_number: str | None = Field(
        default=None, max_length=34, pattern=text_format(r"^[0-9A-Za-z -]+$", "account_number", "5140 1234 5678")
    )
    swift_code: str | None = Field(
        default=None, pattern=text_format(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$", "swift", "MBBEMYKL")
    )
    org_unit_id: Reference | None = None


def _posts_to_bank_or_cash(store: DocumentStore, doc: dict[str, Any], _before: dict[str, Any] | None) -> None:
    account = store.get("ACCOUNT", doc["account_id"])
    if account is None or account.get("status") == "archived":
        raise invalid_field(
            "body.account_id", f"account {doc['account_id']} does not exist", "reference.missing", id=doc["account_id"]
        )
    if account.get("subtype") not in ("bank", "cash") or account.get("is_header"):
        raise invalid_field(
            "body.account_id",
            f"account {account['code']} is not a bank or cash account",
            "cash_book.account",
            account=account["code"],
        )
    if account.get("currency") and account["currency"] != doc["currency"]:
        raise invalid_field(
            "body.currency",
            f"account {account['code']} only takes {account['currency']}",
            "cash_book.currency",
            account=account["code"],
            currency=account["currency"],
        )
    if doc.get("org_unit_id") and store.get("ORGUNIT", doc["org_unit_id"]) is None:
        raise invalid_field(
            "body.org_unit_id",
            f"org unit {doc['org_unit_id']} does not exist",
            "reference.missing",
            id=doc["org_unit_id"],
        )


CASH_BOOKS = MasterKind(
    label="cash book",
    applet="cash-books",
    doc_type="CASHBOOK",
    id_prefix="cb",
    create_model=CashBookCreate,
    filters=("kind", "currency"),
    search_fields=("bank_name", "account_number"),
    rules=(_posts_to_bank_or_cash,),
)
