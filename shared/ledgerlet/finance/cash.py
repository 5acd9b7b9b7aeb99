"""Receipts and payments through a cash book: money in or out, against income, expense or other accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, field_serializer, model_validator

from ledgerlet.errors import invalid_field
from ledgerlet.fields import CurrencyCode, Date, Name, PositiveMoney, Rate, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.finance.common import PostingMeta, check_postable_accounts, check_precision, check_unlocked
from ledgerlet.finance.journals import Dimensioned
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.contract import MasterData, rate_on
from ledgerlet.money import quantize

AmountsAre = Literal["exclusive", "inclusive"]


class CashLine(Dimensioned):
    account_id: Id = Field(description="Income, expense or other account the money is for.")
    amount: PositiveMoney = Field(
        description="In the cash book's currency: before tax, or with tax when the document's amounts include it."
    )
    tax_code_id: Id | None = Field(default=None, description="The line's tax (e.g. SST).")
    memo: ShortText | None = None


class CashCreate(Input):
    cash_book_id: Id
    date: Date
    party: Name | None = Field(
        default=None, description="Received from / paid to; defaults to the linked customer's or supplier's name."
    )
    amounts_are: AmountsAre = Field(
        default="exclusive",
        description="Whether the lines' amounts are before tax (`exclusive`: tax is added) or include it "
        "(`inclusive`).",
    )
    reference: ShortText | None = Field(default=None, description="Cheque, transfer or slip number.")
    memo: ShortText | None = None
    currency: CurrencyCode | None = Field(default=None, description="Defaults to the cash book's currency.")
    rate: Rate | None = None
    lines: list[CashLine] = Field(min_length=1, max_length=100)


CashDocument = TypeVar("CashDocument", bound=CashCreate)


class ReceiptCreate(CashCreate):
    """Money received into a cash book."""

    customer_id: Id | None = Field(default=None, description="The customer it was received from, if one.")

    @model_validator(mode="after")
    def _someone(self) -> ReceiptCreate:
        return _named(self, self.customer_id)


class PaymentCreate(CashCreate):
    """Money paid out of a cash book."""

    supplier_id: Id | None = Field(default=None, description="The supplier it was paid to, if one.")

    @model_validator(mode="after")
    def _someone(self) -> PaymentCreate:
        return _named(self, self.supplier_id)


def _named(document: CashDocument, linked: str | None) -> CashDocument:
    if document.party is None and linked is None:
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError("party.required", "name who it is from or to: party, or a customer or supplier")
    return document


class LineTax(BaseModel):
    """The tax on one line, as fixed when the document was created: a later change of the tax code's
    rate never changes it (a retry posts the same figures)."""

    line: int = Field(description="The line's position in `lines`, from 0.")
    tax_code_id: str
    tax_code: str = Field(description="The tax code's code, e.g. `SV8`.")
    rate: Decimal = Field(description="Percent, e.g. `8`.")
    amount: Decimal = Field(description="In the document's currency.")

    @field_serializer("rate", "amount", when_used="json")
    def _text(self, value: Decimal) -> str:
        return format(value, "f")


class CashMeta(PostingMeta):
    amount: Decimal | None = Field(default=None, description="Total before tax (net of tax when amounts include it).")
    tax_total: Decimal | None = Field(default=None, description="Tax on all lines, as fixed at creation.")
    total: Decimal | None = Field(default=None, description="Total with tax: what moves in the cash book.")
    taxes: list[LineTax] | None = Field(default=None, description="Each taxed line's tax, fixed at creation.")
    reverses: str | None = Field(default=None, description="The document this one reverses (a reversal).")
    reversed_by: str | None = Field(default=None, description="The reversal that undid this document.")
    reversal_reason: str | None = Field(default=None, description="Why it was reversed (on both documents).")
    reversed_on: str | None = Field(default=None, description="The reversal's date (on the reversed document).")


def _line_tax(amount: Decimal, rate: Decimal, currency: str, inclusive: bool) -> Decimal:
    """The tax of one line, rounded to the currency: on top of ``amount``, or within it when inclusive
    (1,071.00 with 5% holds 1,071.00 x 5/105 = 51.00)."""
    return quantize(amount * rate / (100 + rate) if inclusive else amount * rate / 100, currency)


def _party(master_data: MasterData, fields: dict[str, Any]) -> str:
    """The name it is from or to: as written, or the linked customer's or supplier's."""
    for field_name, kind, label in (("customer_id", "CUSTOMER", "customer"), ("supplier_id", "SUPPLIER", "supplier")):
        if fields.get(field_name):
            linked = master_data.party(kind, fields[field_name])
            if linked is None or linked.archived:
                raise invalid_field(
                    f"body.{field_name}",
                    f"{label} {fields[field_name]} does not exist",
                    "reference.missing",
                    id=fields[field_name],
                )
            return str(fields.get("party") or linked.name)
    return str(fields["party"])


def _prepare(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    master_data = MasterData(store)
    party = _party(master_data, fields)
    inclusive = fields.get("amounts_are") == "inclusive"
    book = master_data.cash_book(fields["cash_book_id"])
    if book is None or book.archived:
        raise invalid_field(
            "body.cash_book_id",
            f"cash book {fields['cash_book_id']} does not exist",
            "reference.missing",
            id=fields["cash_book_id"],
        )
    currency = fields.get("currency") or book.currency
    if currency != book.currency:
        raise invalid_field(
            "body.currency",
            f"cash book {book.code} is kept in {book.currency}",
            "cash_book.kept_in",
            book=book.code,
            currency=book.currency,
        )
    check_postable_accounts(store, fields["lines"])
    check_precision(fields["lines"], currency, ("amount",))
    taxes: list[dict[str, Any]] = []
    for position, line in enumerate(fields["lines"]):
        if not line.get("tax_code_id"):
            continue
        tax_code = master_data.tax_code(line["tax_code_id"])
        if tax_code is None or tax_code.archived:
            raise invalid_field(
                f"body.lines.{position}.tax_code_id",
                f"tax code {line['tax_code_id']} does not exist",
                "reference.missing",
                id=line["tax_code_id"],
            )
        tax = _line_tax(Decimal(line["amount"]), tax_code.rate, currency, inclusive)
        taxes.append(
            {
                "line": position,
                "tax_code_id": tax_code.id,
                "tax_code": tax_code.code,
                "rate": tax_code.rate,
                "amount": tax,
            }
        )
    check_unlocked(store.tenant_id, "cash", fields["date"])
    rate = rate_on(store, currency, fields["date"], fields.get("rate"))
    written = sum((Decimal(line["amount"]) for line in fields["lines"]), Decimal(0))
    tax_total = sum((tax["amount"] for tax in taxes), Decimal(0))
    amount = written - tax_total if inclusive else written
    return {
        **fields,
        "party": party,
        "amounts_are": "inclusive" if inclusive else "exclusive",
        "currency": currency,
        "rate": rate,
        "amount": amount,
        "taxes": taxes,
        "tax_total": tax_total,
        "total": amount + tax_total,
        "name": party,
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
    **{**_CASH_BOOK_DOCUMENT, "filters": (*_CASH_BOOK_DOCUMENT["filters"], "customer_id")},
)
PAYMENTS = MasterKind(
    label="payment",
    applet="payments",
    doc_type="PAYMENT",
    id_prefix="pay",
    create_model=PaymentCreate,
    series="PV",
    **{**_CASH_BOOK_DOCUMENT, "filters": (*_CASH_BOOK_DOCUMENT["filters"], "supplier_id")},
)


class CashReverseRequest(Input):
    reason: ShortText = Field(min_length=1, description="Why it is reversed: printed and kept on both documents.")
    date: Date | None = Field(
        default=None,
        description="Date of the reversal, in an open period: by default today in the company's time zone "
        "(the document's own date when that is later).",
    )


def reverse_cash(
    store: DocumentStore, actor: Any, kind: MasterKind, doc_id: str, request: CashReverseRequest
) -> dict[str, Any]:
    """Undo a posted receipt or payment: a new document of its kind, numbered from its series, that
    posts the mirror of its entries (``ledgerlet.ledger.rules``), linked both ways in one transaction."""
    from ledgerlet.errors import Conflict, FieldError, NotFound
    from ledgerlet.hub import keys
    from ledgerlet.ids import is_id, new_id
    from ledgerlet.ledger.contract import company_today

    if not is_id(doc_id, kind.id_prefix):
        raise NotFound(f"{kind.label} {doc_id} does not exist")
    original = store.require(kind.doc_type, doc_id, kind.label)
    code = original.get("code") or doc_id
    if original.get("reversed_by"):
        raise Conflict(
            f"{kind.label} {code} is already reversed by {original['reversed_by']}",
            [FieldError("id", "already reversed", "document.reversed")],
        )
    if original.get("reverses"):
        raise Conflict(
            f"{kind.label} {code} is itself a reversal; copy the original to enter it again",
            [FieldError("id", "a reversal", "document.is_reversal")],
        )
    if original.get("posting_state") == "failed":
        raise Conflict(
            f"{kind.label} {code} did not post; nothing to reverse",
            [FieldError("id", "did not post; nothing to reverse", "document.not_posted")],
        )
    if original.get("posting_state") != "posted" or not original.get("entry_ids"):
        raise Conflict(
            f"{kind.label} {code} has not posted yet; reverse it once it has",
            [FieldError("id", "has not posted yet; try again once it has", "document.pending")],
        )
    day = request.date or max(company_today(store.tenant_id).isoformat(), original["date"])
    if day < original["date"]:
        raise invalid_field(
            "body.date",
            f"a reversal cannot be dated before the {kind.label} ({original['date']})",
            "reversal.before",
            date=original["date"],
        )
    check_unlocked(store.tenant_id, "cash", day)
    copied = ("cash_book_id", "customer_id", "supplier_id", "party", "amounts_are", "currency", "rate", "lines")
    figures = ("amount", "taxes", "tax_total", "total")
    fields = {name: original[name] for name in (*copied, *figures) if original.get(name) is not None}
    fields.update(
        date=day,
        reference=code,
        memo=f"Reversal of {code}: {request.reason}"[:200],
        name=original.get("party") or original.get("name") or code,
        posting_state="pending",
        reverses=doc_id,
        reverses_entry_ids=list(original["entry_ids"]),
        reversal_reason=request.reason,
    )
    reversal_id = new_id(kind.id_prefix)
    link = {
        "Update": {
            "TableName": store.table,
            "Key": {"PK": {"S": keys.document_pk(store.tenant_id, kind.doc_type, doc_id)}, "SK": {"S": keys.DOC_SK}},
            "UpdateExpression": "SET reversed_by = :by, reversal_reason = :reason, reversed_on = :on",
            # still posted and not reversed meanwhile: the reversal commits with its link, or not at all
            "ConditionExpression": "attribute_not_exists(reversed_by) AND posting_state = :posted",
            "ExpressionAttributeValues": {
                ":by": {"S": reversal_id},
                ":reason": {"S": request.reason},
                ":on": {"S": day},
                ":posted": {"S": "posted"},
            },
        }
    }
    try:
        return store.create(
            kind.doc_type,
            kind.id_prefix,
            fields,
            actor,
            series_code=kind.series,
            search_text=kind.search_text(fields),
            extra=[link],
            doc_id=reversal_id,
        )
    except Conflict:
        now = store.require(kind.doc_type, doc_id, kind.label)
        if now.get("reversed_by"):  # reversed meanwhile by another request
            raise Conflict(
                f"{kind.label} {code} is already reversed by {now['reversed_by']}",
                [FieldError("id", "already reversed", "document.reversed")],
            ) from None
        raise
