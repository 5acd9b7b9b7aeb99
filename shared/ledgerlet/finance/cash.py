"""Receipts and payments through a cash book: money in or out, against income, expense or other accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from ledgerlet.errors import invalid_field
from ledgerlet.fields import CurrencyCode, Date, Money, Name, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.finance.common import PostingMeta, check_postable_accounts, check_precision, check_unlocked, rate_on
from ledgerlet.finance.journals import Dimensioned
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.contract import MasterData


class CashLine(Dimensioned):
    account_id: Id = Field(description="Income, expense or other account the money is for.")
    amount: Money = Field(gt=0, description="Before tax, in the cash book's currency.")
    tax_code_id: Id | None = Field(default=None, description="Tax on top of the amount (e.g. SST).")
    memo: ShortText | None = None


class CashCreate(Input):
    cash_book_id: Id
    date: Date
    party: Name = Field(description="Received from / paid to.")
    reference: ShortText | None = Field(default=None, description="Cheque, transfer or slip number.")
    memo: ShortText | None = None
    currency: CurrencyCode | None = Field(default=None, description="Defaults to the cash book's currency.")
    rate: Decimal | None = Field(default=None, gt=0, le=Decimal(1000000), decimal_places=10)
    lines: list[CashLine] = Field(min_length=1, max_length=100)


class ReceiptCreate(CashCreate):
    """Money received into a cash book."""


class PaymentCreate(CashCreate):
    """Money paid out of a cash book."""


class CashMeta(PostingMeta):
    amount: Decimal | None = Field(default=None, description="Total before tax.")


def _prepare(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    master_data = MasterData(store)
    book = master_data.cash_book(fields["cash_book_id"])
    if book is None or book.archived:
        raise invalid_field("body.cash_book_id", f"cash book {fields['cash_book_id']} does not exist")
    currency = fields.get("currency") or book.currency
    if currency != book.currency:
        raise invalid_field("body.currency", f"cash book {book.code} is kept in {book.currency}")
    check_postable_accounts(store, fields["lines"])
    check_precision(fields["lines"], currency, ("amount",))
    for position, line in enumerate(fields["lines"]):
        if line.get("tax_code_id") and master_data.tax_code(line["tax_code_id"]) is None:
            raise invalid_field(f"body.lines.{position}.tax_code_id", f"tax code {line['tax_code_id']} does not exist")
    check_unlocked(store.tenant_id, "cash", fields["date"])
    rate = rate_on(store, currency, fields["date"], fields.get("rate"))
    amount = sum((Decimal(line["amount"]) for line in fields["lines"]), Decimal(0))
    return {
        **fields,
        "currency": currency,
        "rate": rate,
        "amount": amount,
        "name": fields["party"],
        "posting_state": "pending",
    }


_CASH_BOOK_DOCUMENT: dict[str, Any] = {
    "filters": ("cash_book_id", "posting_state", "currency"),
    "search_fields": ("reference", "memo"),
    "prepare": _prepare,
    "view_base": CashMeta,
}
RECEIPTS = MasterKind(
    label="receipt",
    applet="receipts",
    doc_type="RECEIPT",
    id_prefix="rcp",
    create_model=ReceiptCreate,
    series="RCPT",
    **_CASH_BOOK_DOCUMENT,
)
PAYMENTS = MasterKind(
    label="payment",
    applet="payments",
    doc_type="PAYMENT",
    id_prefix="pay",
    create_model=PaymentCreate,
    series="PV",
    **_CASH_BOOK_DOCUMENT,
)
