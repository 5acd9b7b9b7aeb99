"""Transfers between cash books, including currency conversions (where exchange gains are realised).

Converting USD 400 from a USD account carried at 4.40 into MYR 1,800 settles part of a foreign-currency
monetary balance: the MYR 40 above its carried value is a realised exchange gain (IAS 21 / MPERS 30).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Date, PositiveMoney, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.finance.common import PostingMeta, check_unlocked
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.contract import CashBook, MasterData, rate_on
from ledgerlet.money import BASE_CURRENCY, is_quantized
from ledgerlet.reference.codes import currency_precision


class TransferCreate(Input):
    from_cash_book_id: Id
    to_cash_book_id: Id
    date: Date
    amount: PositiveMoney = Field(description="Leaving the source book, in its currency.")
    received_amount: PositiveMoney | None = Field(
        default=None, description="Arriving in the destination book, in its currency (defaults to `amount`)."
    )
    reference: ShortText | None = None
    memo: ShortText | None = None

    @model_validator(mode="after")
    def _two_books(self) -> TransferCreate:
        if self.from_cash_book_id == self.to_cash_book_id:
            raise PydanticCustomError("transfer.same_book", "a transfer needs two different cash books")
        return self


class TransferMeta(PostingMeta):
    from_currency: str | None = None
    to_currency: str | None = None
    to_rate: Decimal | None = Field(default=None, description="MYR per unit of the destination currency.")


def _book(store: DocumentStore, field: str, book_id: str) -> CashBook:
    book = MasterData(store).cash_book(book_id)
    if book is None or book.archived:
        raise invalid_field(f"body.{field}", f"cash book {book_id} does not exist", "reference.missing", id=book_id)
    return book


def prepare_transfer(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    source = _book(store, "from_cash_book_id", fields["from_cash_book_id"])
    target = _book(store, "to_cash_book_id", fields["to_cash_book_id"])
    received = fields.get("received_amount")
    if received is None:
        if source.currency != target.currency:
            raise invalid_field("body.received_amount", "a conversion needs the amount received", "transfer.received")
        received = fields["amount"]
    for name, value, currency in (
        ("amount", fields["amount"], source.currency),
        ("received_amount", received, target.currency),
    ):
        if not is_quantized(Decimal(value), currency):
            raise invalid_field(
                f"body.{name}",
                f"{currency} amounts take its precision",
                "amount.precision",
                currency=currency,
                places=currency_precision(currency),
            )
    check_unlocked(store.tenant_id, "cash", fields["date"])
    sent, received = Decimal(fields["amount"]), Decimal(received)
    implied = {source.currency: received / sent, target.currency: sent / received}  # one side is MYR
    rates = {}
    for side, book in (("rate", source), ("to_rate", target)):
        currency = book.currency
        if BASE_CURRENCY in (source.currency, target.currency) and currency != BASE_CURRENCY:
            rates[side] = implied[currency].quantize(Decimal("1e-10"))  # the conversion's own rate
        else:
            rates[side] = rate_on(store, currency, fields["date"], None)
    return {
        **fields,
        "received_amount": received,
        "from_currency": source.currency,
        "to_currency": target.currency,
        **rates,
        "name": fields.get("memo") or f"{source.code} to {target.code}",
        "posting_state": "pending",
    }


TRANSFERS = MasterKind(
    label="transfer",
    applet="transfers",
    doc_type="TRANSFER",
    id_prefix="trf",
    create_model=TransferCreate,
    series="TRF",
    filters=("from_cash_book_id", "to_cash_book_id", "posting_state"),
    search_fields=("reference", "memo"),
    prepare=prepare_transfer,
    view_base=TransferMeta,
)
