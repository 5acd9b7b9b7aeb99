"""Customer refunds: money paid back to a customer out of a credit it holds: a credit note no invoice took
(its negative ``outstanding``), or a receipt's advance. A refund posts when written: the credit is debited
(the receivable for a credit note, customer deposits for an advance) and the cash book credited; the credit
goes down in the refund's own transaction, on the condition nobody used it meanwhile."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from ledgerlet.errors import Conflict, invalid_field
from ledgerlet.fields import Date, PositiveMoney, Rate, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.hub.tally import revised_update
from ledgerlet.ids import new_id
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.masterdata.contract import MasterData, rate_on
from ledgerlet.money import money_text

ATTEMPTS = 5


class CustomerRefundCreate(Input):
    customer_id: Id
    cash_book_id: Id = Field(description="Where the money goes out.")
    date: Date
    amount: PositiveMoney = Field(description="What is paid back, in the credit's currency.")
    credit_note_id: Id | None = Field(default=None, description="The credit note whose credit is paid back.")
    receipt_id: Id | None = Field(default=None, description="The receipt whose advance is paid back.")
    rate: Rate | None = Field(default=None, description="MYR per unit of the currency; none: the rate in force.")
    reference: ShortText | None = None
    memo: ShortText | None = None

    @model_validator(mode="after")
    def _one_credit(self) -> CustomerRefundCreate:
        if (self.credit_note_id is None) == (self.receipt_id is None):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("refund.source", "name the credit note or the receipt it refunds, one of them")
        return self


class CustomerRefundMeta(DocumentMeta):
    currency: str
    customer_code: str | None = None
    customer_name: str | None = None
    source_rate: str | None = Field(default=None, description="The rate the credit was booked at.")
    posting_state: str | None = None
    posting_error: str | None = None
    entry_ids: list[str] | None = None


def prepare_refund(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.ledger.contract import refuse_locked

    refuse_locked(store.tenant_id, "cash", fields["date"])
    master = MasterData(store)
    customer = master.customer(fields["customer_id"])
    if customer is None or customer.archived:
        raise invalid_field(
            "body.customer_id",
            f"customer {fields['customer_id']} does not exist",
            "reference.missing",
            id=fields["customer_id"],
        )
    book = master.cash_book(fields["cash_book_id"])
    if book is None or book.archived:
        raise invalid_field(
            "body.cash_book_id",
            f"cash book {fields['cash_book_id']} does not exist",
            "reference.missing",
            id=fields["cash_book_id"],
        )
    rate = rate_on(store, book.currency, fields["date"], fields.get("rate"))
    return {
        **fields,
        "currency": book.currency,
        "rate": f"{rate.normalize():f}",
        "amount": money_text(fields["amount"], book.currency),
        "customer_code": customer.code,
        "customer_name": customer.name,
    }


def create_refund(
    store: DocumentStore, kind: MasterKind, fields: dict[str, Any], actor: Actor, doc_id: str | None = None
) -> dict[str, Any]:
    """Write the refund and lower the credit at once; on a race for the same credit, read it again."""
    refund_id = doc_id or new_id(kind.id_prefix)
    for _ in range(ATTEMPTS):
        source = _source(store, fields)
        document = {**fields, "source_rate": str(source["rate"]), "posting_state": "pending"}
        if fields.get("credit_note_id"):
            document["receivable_account_id"] = source.get("receivable_account_id")
        try:
            return store.create(
                kind.doc_type,
                kind.id_prefix,
                document,
                actor,
                series_code=kind.series,
                search_text=kind.search_text(document),
                extra=[_lowering(store, source, Decimal(fields["amount"]), refund_id, fields["date"])],
                doc_id=refund_id,
            )
        except ExtraRefused:
            continue
    raise Conflict("the credit kept changing while the refund was written, retry")


def _source(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """The credit refunded and what is left of it (422 naming the field when it is not enough)."""
    doc_type, field = (
        ("SALESCREDITNOTE", "credit_note_id") if fields.get("credit_note_id") else ("CUSTOMERRECEIPT", "receipt_id")
    )
    source = store.get(doc_type, fields[field])
    if source is None or source["customer_id"] != fields["customer_id"] or source["currency"] != fields["currency"]:
        raise invalid_field(
            f"body.{field}", "not a credit of this customer in the cash book's currency", "refund.source_of"
        )
    available = _credit_left(source)
    amount = Decimal(fields["amount"])
    if amount > available:
        raise invalid_field(
            "body.amount",
            f"only {available:f} of credit is left",
            "refund.over_credit",
            left=money_text(available, fields["currency"]),
        )
    return source


def _credit_left(source: dict[str, Any]) -> Decimal:
    if "advance" in source:  # a receipt: its advance, less what was refunded
        return Decimal(str(source.get("advance") or 0)) - Decimal(str(source.get("refunded") or 0))
    return -Decimal(str(source.get("outstanding") or 0))  # a credit note: what no invoice took


def _lowering(
    store: DocumentStore, source: dict[str, Any], amount: Decimal, refund_id: str, day: str
) -> dict[str, Any]:
    """The credit lowered by ``amount``, on the condition that it is still as read."""
    doc_type = "CUSTOMERRECEIPT" if "advance" in source else "SALESCREDITNOTE"
    listed = [*(source.get("refunds") or []), {"refund_id": refund_id, "date": day, "amount": str(amount)}]
    currency = source["currency"]
    if doc_type == "CUSTOMERRECEIPT":
        sets: dict[str, Any] = {"refunded": money_text(Decimal(str(source.get("refunded") or 0)) + amount, currency)}
    else:
        sets = {"outstanding": money_text(Decimal(str(source["outstanding"])) + amount, currency)}
    sets["refunds"] = listed
    return revised_update(store, doc_type, source, "refund_revision", sets)


CUSTOMER_REFUNDS = MasterKind(
    label="customer refund",
    applet="customer-refunds",
    doc_type="CUSTOMERREFUND",
    id_prefix="rfd",
    create_model=CustomerRefundCreate,
    series="PV",
    filters=("customer_id", "cash_book_id", "posting_state"),
    search_fields=("reference", "customer_name"),
    prepare=prepare_refund,
    creator=create_refund,
    view_base=CustomerRefundMeta,
)
