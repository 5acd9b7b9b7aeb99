"""Recurring journals: a template (a journal body, a frequency, the next run date) that creates a
manual journal on each due date.

Running is idempotent per template and date: the journal created for (template, date) has an id
derived from both, so a second run (or two runs at once) finds it instead of creating another; the
template's ``next_run`` then moves on by its frequency (version-checked). Runs catch up: a template
due on several dates since the last run creates one journal per date.

A run date on the last day of its month stays at month ends (31 Jan → 28 Feb → 31 Mar); any other
day is kept where the month has it, else the month's last day.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import Field, model_validator

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Code, CurrencyCode, Date, LongText, Name, Rate, ShortText
from ledgerlet.finance.journals import JournalLineInput, require_balanced
from ledgerlet.hub.documents import Actor, DocumentStore, ListQuery
from ledgerlet.kinds import DocumentMeta, Input, MasterKind

Frequency = Literal["monthly", "quarterly", "yearly"]
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
DOC_TYPE = "RECURRINGJOURNAL"


class RecurringJournalBody(Input):
    """The journal each run creates (its date is the run date)."""

    memo: ShortText = Field(min_length=1)
    reference: ShortText | None = None
    currency: CurrencyCode = "MYR"
    rate: Rate | None = Field(default=None, description="Fixed rate; default: on each date.")
    notes: LongText | None = None
    lines: list[JournalLineInput] = Field(min_length=2, max_length=500)

    @model_validator(mode="after")
    def _balanced(self) -> RecurringJournalBody:
        require_balanced(self.lines)
        return self


class RecurringJournalCreate(Input):
    code: Code
    name: Name
    frequency: Frequency
    next_run: Date = Field(description="The next date a journal is created for.")
    until: Date | None = Field(default=None, description="No journal is created after this date.")
    journal: RecurringJournalBody


class RecurringJournalMeta(DocumentMeta):
    last_run: str | None = Field(default=None, description="The date of the last journal created.")
    last_journal_id: str | None = None
    last_error: str | None = Field(default=None, description="Why the last due journal could not be created.")


def _until_not_before_start(store: DocumentStore, document: dict[str, Any], before: dict[str, Any] | None) -> None:
    if before is None and document.get("until") and document["until"] < document["next_run"]:
        raise invalid_field("body.until", "must not be before next_run", "recurring.until")


def _prepare(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.errors import FieldError, Unprocessable
    from ledgerlet.finance.common import check_postable_accounts, check_precision

    body = fields["journal"]
    try:
        check_postable_accounts(store, body["lines"])
        check_precision(body["lines"], body.get("currency", "MYR"), ("debit", "credit"))
    except Unprocessable as problem:  # name the field where it is in this body
        renamed = [
            FieldError(e.field.replace("body.", "body.journal.", 1), e.message, e.code, e.params)
            for e in problem.errors
        ]
        raise Unprocessable(problem.detail.replace("body.", "body.journal.", 1), renamed) from None
    return fields


RECURRING_JOURNALS = MasterKind(
    label="recurring journal",
    applet="recurring-journals",
    doc_type=DOC_TYPE,
    id_prefix="rj",
    create_model=RecurringJournalCreate,
    filters=("frequency",),
    rules=(_until_not_before_start,),
    prepare=_prepare,
    view_base=RecurringJournalMeta,
)


def next_date(day: date, frequency: str) -> date:
    """The run date after ``day`` (month ends stay month ends)."""
    months = MONTHS[frequency]
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    is_month_end = (day + timedelta(days=1)).month != day.month
    return date(year, month, last if is_month_end else min(day.day, last))


def journal_id_for(template_id: str, day: str) -> str:
    """The id of the journal a template creates for ``day``: the same on every run."""
    digest = int(hashlib.sha256(f"{template_id}:{day}".encode()).hexdigest(), 16)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "jv_" + "".join(alphabet[(digest >> (5 * n)) & 31] for n in range(26))


@dataclass
class RunResult:
    created: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)


def run_due(store: DocumentStore, actor: Actor, today: date) -> RunResult:
    """Create every journal due on or before ``today`` for the tenant's active templates."""
    result = RunResult()
    cursor: str | None = None
    while True:
        page = store.list_documents(DOC_TYPE, ListQuery(limit=100, cursor=cursor))
        for template in page.items:
            _run_template(store, actor, template, today, result)
        cursor = page.next_cursor
        if not cursor:
            return result


def _run_template(store: DocumentStore, actor: Actor, template: dict[str, Any], today: date, result: RunResult) -> None:
    from ledgerlet.errors import Conflict, Problem

    until = date.fromisoformat(template["until"]) if template.get("until") else None
    while True:
        run = date.fromisoformat(template["next_run"])
        if run > today or (until and run > until):
            return
        try:
            journal = _create_journal(store, actor, template, run.isoformat())
        except Problem as problem:
            result.failed.append({"template_id": template["id"], "date": run.isoformat(), "reason": problem.detail})
            if template.get("last_error") != problem.detail:
                _update(store, actor, template, {"last_error": problem.detail})
            return
        changes = {
            "next_run": next_date(run, template["frequency"]).isoformat(),
            "last_run": run.isoformat(),
            "last_journal_id": journal["id"],
            "last_error": None,
        }
        try:
            template = _update(store, actor, template, changes)
        except Conflict:  # another run moved this template on meanwhile
            return
        result.created.append(
            {
                "template_id": template["id"],
                "date": run.isoformat(),
                "journal_id": journal["id"],
                "code": journal["code"],
            }
        )


def _update(store: DocumentStore, actor: Actor, template: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return store.update(
        DOC_TYPE,
        template["id"],
        changes,
        actor,
        expected_version=template["version"],
        label=RECURRING_JOURNALS.label,
        search_text=RECURRING_JOURNALS.search_text(template),
    )


def _create_journal(store: DocumentStore, actor: Actor, template: dict[str, Any], day: str) -> dict[str, Any]:
    from pydantic import ValidationError

    from ledgerlet.errors import Conflict, field_errors_from_pydantic, invalid_fields
    from ledgerlet.finance.journals import JOURNALS, JournalCreate, create_journal, prepare_journal

    journal_id = journal_id_for(template["id"], day)
    existing = store.get(JOURNALS.doc_type, journal_id)
    if existing is not None:
        return existing
    body = {k: v for k, v in template["journal"].items() if v is not None}
    body.setdefault("reference", template.get("code"))
    try:
        create = JournalCreate.model_validate({**body, "date": day})
    except ValidationError as error:
        problems = field_errors_from_pydantic(error.errors(), prefix="journal")
        raise invalid_fields(problems) from None
    fields = prepare_journal(store, create.model_dump(mode="python", exclude_none=True))
    fields["recurring_journal_id"] = template["id"]
    try:
        return create_journal(store, fields, actor, doc_id=journal_id)
    except Conflict:
        existing = store.get(JOURNALS.doc_type, journal_id)
        if existing is None:
            raise
        return existing  # a concurrent run created it


# --- the daily schedule ----------------------------------------------------------------------------

RUN_QUEUE_VARIABLE = "RECURRING_RUN_QUEUE_URL"


def schedule_every_tenant() -> dict[str, Any]:
    """The daily schedule: one run per active tenant, sent to the run queue (``ledgerlet.hub.work``)."""
    from ledgerlet.hub.work import send_per_tenant
    from ledgerlet.platform.contract import active_tenant_ids

    return {"tenants": send_per_tenant(RUN_QUEUE_VARIABLE, active_tenant_ids())}


def run_tenant(tenant_id: str, today: date | None = None) -> RunResult:
    """Create one tenant's due journals, "today" being the date in the company's own time zone."""
    from ledgerlet.ledger.contract import company_today

    return run_due(DocumentStore(tenant_id), Actor("recurring-journals"), today or company_today(tenant_id))
