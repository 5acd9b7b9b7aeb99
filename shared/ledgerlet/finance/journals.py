"""Manual journals: an accountant's own entries, optionally reversing on a later date."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ledgerlet.fields import CurrencyCode, Date, LongText, Money, Rate, ShortText, decimal_pattern
from ledgerlet.fields import Reference as Id
from ledgerlet.finance.common import PostingMeta, check_postable_accounts, check_precision, check_unlocked
from ledgerlet.formats import text_format
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.masterdata.contract import rate_on


class JournalMeta(PostingMeta):
    total: Decimal | None = Field(default=None, description="Total debits, in the journal's currency.")
    reverses: str | None = Field(default=None, description="The journal this one reverses.")
    reversed_by: str | None = Field(default=None, description="The journal that reversed this one.")


class Dimensioned(Input):
    branch_id: Id | None = Field(default=None, description="Org unit (branch) the line belongs to.")
    department_id: Id | None = Field(default=None, description="Org unit (department).")
    project_id: str | None = Field(
        default=None, max_length=64, pattern=text_format(r"^[A-Za-z0-9_.-]+$", "dimension", "PRJ-2026")
    )


def _one_side_documented(schema: dict[str, Any]) -> None:
    """State what ``_one_side`` checks: a debit or a credit, more than zero, and the other side left out."""
    positive = {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": 999999999999.99, "multipleOf": 0.01},
            {"type": "string", "pattern": decimal_pattern(2, positive=True)},
        ]
    }
    schema["oneOf"] = [
        {"required": [side], "properties": {side: positive, other: {"type": "null"}}}
        for side, other in (("debit", "credit"), ("credit", "debit"))
    ]


class JournalLineInput(Dimensioned):
    model_config = ConfigDict(json_schema_extra=_one_side_documented)

    account_id: Id
    debit: Money | None = None
    credit: Money | None = None
    memo: ShortText | None = None

    @model_validator(mode="after")
    def _one_side(self) -> JournalLineInput:
        sides = [amount for amount in (self.debit, self.credit) if amount]
        if len(sides) != 1:
            raise PydanticCustomError("journal.line_side", "a line has either a debit or a credit, greater than zero")
        return self


def require_balanced(lines: list[JournalLineInput]) -> None:
    """Refuse lines whose debits and credits differ (journal.unbalanced, with both totals)."""
    debit = sum((line.debit or Decimal(0) for line in lines), Decimal(0))
    credit = sum((line.credit or Decimal(0) for line in lines), Decimal(0))
    if debit != credit:
        raise PydanticCustomError(
            "journal.unbalanced",
            "debits ({debit}) and credits ({credit}) differ",
            {"debit": str(debit), "credit": str(credit)},
        )


class JournalCreate(Input):
    date: Date
    memo: ShortText = Field(min_length=1, description="What the journal is for.")
    reference: ShortText | None = None
    currency: CurrencyCode = "MYR"
    rate: Rate | None = Field(default=None, description="MYR per unit; defaults to the currency's rate on the date.")
    auto_reverse_on: Date | None = Field(default=None, description="Post the reversal on this date too.")
    notes: LongText | None = None
    lines: list[JournalLineInput] = Field(min_length=2, max_length=500)

    @model_validator(mode="after")
    def _balanced(self) -> JournalCreate:
        require_balanced(self.lines)
        if self.auto_reverse_on and self.auto_reverse_on <= self.date:
            raise PydanticCustomError("journal.auto_reverse", "auto_reverse_on must be after the journal's date")
        return self


def prepare_journal(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    check_postable_accounts(store, fields["lines"])
    check_precision(fields["lines"], fields["currency"], ("debit", "credit"))
    check_unlocked(store.tenant_id, "general", fields["date"])
    if fields.get("auto_reverse_on"):
        check_unlocked(store.tenant_id, "general", fields["auto_reverse_on"])
    rate = rate_on(store, fields["currency"], fields["date"], fields.get("rate"))
    total = sum((Decimal(line.get("debit") or 0) for line in fields["lines"]), Decimal(0))
    return {**fields, "rate": rate, "total": total, "name": fields["memo"], "posting_state": "pending"}


JOURNALS = MasterKind(
    label="journal",
    applet="journals",
    doc_type="JOURNAL",
    id_prefix="jv",
    create_model=JournalCreate,
    series="JV",
    filters=("posting_state", "currency"),
    search_fields=("memo", "reference"),
    prepare=prepare_journal,
    view_base=JournalMeta,
)


def create_journal(
    store: DocumentStore,
    fields: dict[str, Any],
    actor: Any,
    *,
    doc_id: str | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Save a prepared journal, numbered by the JV series; the ledger posts it from the hub's stream.

    ``doc_id`` and ``extra`` serve journals made by the system (reversals, recurring runs, imports),
    whose id is chosen for idempotency or linked to in the same transaction.
    """
    return store.create(
        JOURNALS.doc_type,
        JOURNALS.id_prefix,
        fields,
        actor,
        series_code=JOURNALS.series,
        search_text=JOURNALS.search_text(fields),
        extra=extra or (),
        doc_id=doc_id,
    )


class ReverseRequest(Input):
    date: Date = Field(description="Date of the reversing journal.")
    memo: ShortText | None = None


def reverse_journal(store: DocumentStore, actor: Any, journal_id: str, request: ReverseRequest) -> dict[str, Any]:
    """Post a journal that undoes ``journal_id`` (debits and credits swapped), linking the two."""
    from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field
    from ledgerlet.hub import keys
    from ledgerlet.ids import is_id, new_id

    if not is_id(journal_id, JOURNALS.id_prefix):
        raise NotFound(f"journal {journal_id} does not exist")
    original = store.require(JOURNALS.doc_type, journal_id, "journal")
    if original.get("reversed_by"):
        raise Conflict(f"journal {original['code']} is already reversed by {original['reversed_by']}")
    if original.get("posting_state") == "failed":
        raise Conflict(
            f"journal {original['code']} did not post; nothing to reverse",
            [FieldError("id", "not posted", "document.not_posted")],
        )
    if original.get("posting_state") != "posted":
        raise Conflict(
            f"journal {original['code']} has not posted yet; reverse it once it has",
            [FieldError("id", "pending", "document.pending")],
        )
    if request.date < original["date"]:
        raise invalid_field(
            "body.date",
            f"a reversal cannot be dated before the journal ({original['date']})",
            "reversal.before",
            date=original["date"],
        )
    swapped = [{**line, "debit": line.get("credit"), "credit": line.get("debit")} for line in original["lines"]]
    body = JournalCreate.model_validate(
        {
            "date": request.date,
            "memo": request.memo or f"Reversal of {original['code']}: {original['memo']}"[:200],
            "reference": original.get("code"),
            "currency": original["currency"],
            "rate": original["rate"],
            "lines": [{k: v for k, v in line.items() if v is not None} for line in swapped],
        }
    )
    fields = prepare_journal(store, body.model_dump(mode="python", exclude_none=True))
    reversal_id = new_id(JOURNALS.id_prefix)
    link = {
        "Update": {
            "TableName": store.table,
            "Key": {"PK": {"S": keys.document_pk(store.tenant_id, "JOURNAL", journal_id)}, "SK": {"S": keys.DOC_SK}},
            "UpdateExpression": "SET reversed_by = :by",
            # still posted and not reversed meanwhile: the reversal commits with its link, or not at all
            "ConditionExpression": "attribute_not_exists(reversed_by) AND posting_state = :posted",
            "ExpressionAttributeValues": {":by": {"S": reversal_id}, ":posted": {"S": "posted"}},
        }
    }
    # Created here rather than through the service so the link on the original commits with it.
    return create_journal(store, {**fields, "reverses": journal_id}, actor, doc_id=reversal_id, extra=[link])
