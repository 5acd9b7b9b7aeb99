"""Checks every posting document makes when it is created, so a user hears of a problem at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, GetJsonSchemaHandler, SerializerFunctionWrapHandler, model_serializer
from pydantic.json_schema import JsonSchemaValue

from ledgerlet.errors import invalid_field
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import DocumentMeta
from ledgerlet.masterdata.contract import MasterData
from ledgerlet.money import BASE_CURRENCY, is_quantized, money_text
from ledgerlet.reference.codes import currency_precision

DOCUMENT_MONEY = ("total", "amount", "tax_total")  # in the document's currency (a transfer's: the one it leaves)
LINE_MONEY = ("debit", "credit", "amount")


class PostingMeta(DocumentMeta):
    """What the server adds to a document that posts to the ledger."""

    rate: Decimal | None = Field(default=None, description="MYR per unit of the document's currency.")
    posting_state: str = Field(description="`pending`, `posted` or `failed`.")
    posting_error: str | None = Field(default=None, description="Why it could not post (when failed).")
    entry_ids: list[str] | None = Field(default=None, description="The journal entries it posted.")

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """Document the fields as declared: the serializer below only reformats their values."""
        return handler({key: value for key, value in core_schema.items() if key != "serialization"})

    @model_serializer(mode="wrap")
    def _money_at_its_currencys_precision(self, serialize: SerializerFunctionWrapHandler, info: Any) -> Any:
        """Every amount as a decimal string at its currency's precision (``"100.00"``, JPY ``"1500"``),
        however it was summed or stored (DynamoDB drops trailing zeros: ``0.30`` comes back ``0.3``)."""
        data = serialize(self)
        if info.mode != "json" or not isinstance(data, dict):
            return data
        currency = data.get("currency") or data.get("from_currency") or BASE_CURRENCY
        for key in DOCUMENT_MONEY:
            if data.get(key) is not None:
                data[key] = money_text(data[key], currency)
        if data.get("received_amount") is not None:
            data["received_amount"] = money_text(data["received_amount"], data.get("to_currency") or currency)
        for line in [*(data.get("lines") or []), *(data.get("taxes") or [])]:
            for key in LINE_MONEY:
                if isinstance(line, dict) and line.get(key) is not None:
                    line[key] = money_text(line[key], currency)
        return data


def check_postable_accounts(store: DocumentStore, lines: list[dict[str, Any]], *, allow_control: bool = False) -> None:
    """Every line's account exists, is active, takes postings (not a header), and is not a control account."""
    accounts = MasterData(store).accounts_by_id(line["account_id"] for line in lines)
    for position, line in enumerate(lines):
        field = f"body.lines.{position}.account_id"
        account = accounts.get(line["account_id"])
        if account is None or account.archived:
            raise invalid_field(
                field, f"account {line['account_id']} does not exist", "reference.missing", id=line["account_id"]
            )
        if account.is_header:
            raise invalid_field(
                field,
                f"account {account.code} is a header and takes no postings",
                "account.header",
                account=account.code,
            )
        if account.control and not allow_control:
            raise invalid_field(
                field,
                f"account {account.code} is the {account.control} control account; its sub-ledger posts to it",
                "account.control",
                account=account.code,
            )


def check_precision(lines: list[dict[str, Any]], currency: str, fields: tuple[str, ...]) -> None:
    for position, line in enumerate(lines):
        for name in fields:
            value = line.get(name)
            if value is not None and not is_quantized(Decimal(value), currency):
                raise invalid_field(
                    f"body.lines.{position}.{name}",
                    f"{currency} amounts take its precision",
                    "amount.precision",
                    currency=currency,
                    places=currency_precision(currency),
                )


def check_unlocked(tenant_id: str, module: str, day: str) -> None:
    from ledgerlet.ledger.contract import refuse_locked

    refuse_locked(tenant_id, module, day)
