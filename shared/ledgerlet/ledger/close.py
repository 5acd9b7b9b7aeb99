"""Record-to-report: closing a period, step by step, resumably.

The period-close state machine (``statemachines/period_close.asl.json``) runs ``revalue`` →
``check_all_posted`` → ``check_trial_balance`` → ``lock``. Each step is a Lambda task calling
:func:`run_step`, which skips a step the close record already lists as done, so starting a close
again after a failure re-runs only what is left. The close record lives in the hub
(``PK = <tenant>#CLOSE``, ``SK = <period>``) with the status, the steps done and when, the failure
and the executions that worked on it.

A check that fails raises an exception named after the reason (``UnpostedDocuments``,
``TrialBalanceOff``, ...): Step Functions reports the exception's class name as the task's error,
the state machine's catcher hands it to ``record_failure``, and the execution and the record both
show why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_value
from ledgerlet.hub.table import Page, TenantTable, now_iso
from ledgerlet.ledger.periods import Period

STEPS = ("revalue", "check_all_posted", "check_trial_balance", "lock")
STALE_RUN_SECONDS = 15 * 60  # a "running" close older than this may be started again


class CloseError(Exception):
    """Base of the named reasons a close stops (the class name is the Step Functions error)."""


class UnpostedDocuments(CloseError):
    """Documents dated up to the period end are still pending, or failed to post."""


class TrialBalanceOff(CloseError):
    """The fiscal year to date's debits and credits differ."""


class PeriodLocked(CloseError):
    """The revaluation cannot post: the period end is already locked."""


class RevaluationRateMissing(CloseError):
    """A foreign currency with an open balance has no rate on the period end."""


class CloseRecords(TenantTable):
    """One tenant's close records."""

    def _key(self, period: str) -> dict[str, Any]:
        return {"PK": {"S": keys.close_pk(self.tenant_id)}, "SK": {"S": period}}

    def get(self, period: str) -> dict[str, Any] | None:
        answer = self.db.get_item(TableName=self.table, Key=self._key(period), ConsistentRead=True)
        item = answer.get("Item")
        return _public(from_item(item)) if item else None

    def list(self, limit: int, cursor: str | None) -> Page:
        """Every close started, the latest period first."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": keys.close_pk(self.tenant_id)}},
            "ScanIndexForward": False,
        }
        page = self.collect(request, limit, self.decode_cursor(cursor))
        return Page([_public(record) for record in page.items], page.next_cursor)

    def begin(self, period: str, execution_name: str, actor: str) -> dict[str, Any]:
        """Mark the close running under a new execution (creating the record the first time)."""
        at = now_iso()
        self.db.update_item(
            TableName=self.table,
            Key=self._key(period),
            UpdateExpression="SET #period = :period, #status = :running, #execution = :execution, "
            "#started_at = :at, #started_by = :actor, #updated_at = :at, "
            "#steps = if_not_exists(#steps, :empty), #executions = list_append(if_not_exists(#executions, :none), :one)"
            " REMOVE #failure",
            ExpressionAttributeNames={
                "#period": "period",
                "#status": "status",
                "#execution": "execution_name",
                "#started_at": "started_at",
                "#started_by": "started_by",
                "#updated_at": "updated_at",
                "#steps": "steps",
                "#executions": "executions",
                "#failure": "failure",
            },
            ExpressionAttributeValues={
                ":period": {"S": period},
                ":running": {"S": "running"},
                ":execution": {"S": execution_name},
                ":at": {"S": at},
                ":actor": {"S": actor},
                ":empty": {"M": {}},
                ":none": {"L": []},
                ":one": {"L": [{"S": execution_name}]},
            },
        )
        found = self.get(period)
        assert found is not None
        return found

    def step_done(self, period: str, step: str, detail: dict[str, Any]) -> None:
        at = now_iso()
        status = "closed" if step == STEPS[-1] else "running"
        self.db.update_item(
            TableName=self.table,
            Key=self._key(period),
            UpdateExpression="SET #steps.#step = :detail, #updated_at = :at, #status = :status"
            + (", #closed_at = :at" if status == "closed" else ""),
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeNames={
                "#steps": "steps",
                "#step": step,
                "#updated_at": "updated_at",
                "#status": "status",
                **({"#closed_at": "closed_at"} if status == "closed" else {}),
            },
            ExpressionAttributeValues={
                ":detail": to_value({**detail, "done_at": at}),
                ":at": {"S": at},
                ":status": {"S": status},
            },
        )

    def failed(self, period: str, error: str, cause: str) -> None:
        at = now_iso()
        self.db.update_item(
            TableName=self.table,
            Key=self._key(period),
            UpdateExpression="SET #status = :failed, #failure = :failure, #updated_at = :at",
            ExpressionAttributeNames={"#status": "status", "#failure": "failure", "#updated_at": "updated_at"},
            ExpressionAttributeValues={
                ":failed": {"S": "failed"},
                ":failure": to_value({"error": error, "cause": cause, "at": at}),
                ":at": {"S": at},
            },
        )


def _public(item: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in item.items() if k not in keys.KEY_ATTRIBUTES}
    steps = record.get("steps") or {}
    record["steps"] = [{"name": name, **steps[name]} for name in STEPS if name in steps]
    record["pending_steps"] = [name for name in STEPS if name not in steps]
    return record


# --- the steps ---------------------------------------------------------------------------------------


def run_step(step: str, event: dict[str, Any]) -> dict[str, Any]:
    """Run one step of a close for ``event`` (``tenant_id``, ``period``, ``actor``) unless done already.

    Returns the event, so every state gets the same input.
    """
    tenant_id, period = event["tenant_id"], event["period"]
    records = CloseRecords(tenant_id)
    record = records.get(period)
    if record is None:
        raise CloseError(f"no close record for {period}; start the close through the API")
    if step in {s["name"] for s in record["steps"]}:
        return event
    detail = STEP_FUNCTIONS[step](tenant_id, period, str(event.get("actor") or "period-close"))
    records.step_done(period, step, detail)
    return event


def revalue_step(tenant_id: str, period: str, actor: str) -> dict[str, Any]:
    from ledgerlet.ledger.revaluation import MissingRate, revalue
    from ledgerlet.ledger.rules import PostingRefused

    try:
        done = revalue(tenant_id, period, posted_by=f"close:{actor}")
    except MissingRate as missing:
        raise RevaluationRateMissing(f"{missing} on or before {Period.from_key(period).last_day}") from None
    except PostingRefused as refused:
        raise PeriodLocked(str(refused)) from None
    return {"entry_ids": done["entry_ids"]}


def check_all_posted_step(tenant_id: str, period: str, actor: str) -> dict[str, Any]:
    """No posting exception and no pending document dated on or before the period end."""
    from ledgerlet.domains import DOMAINS
    from ledgerlet.hub.documents import DocumentStore, ListQuery
    from ledgerlet.ledger.rules import RULES
    from ledgerlet.ledger.store import LedgerStore

    last_day = Period.from_key(period).last_day.isoformat()
    documents = DocumentStore(tenant_id)
    blocking: list[str] = []
    for exception in _all(lambda cursor: LedgerStore(tenant_id).exceptions(100, cursor)):
        found = documents.get(exception["document_type"], exception["document_id"])
        if found is None or str(found.get("date", "")) <= last_day:
            blocking.append(f"{exception.get('document_code') or exception['document_id']} failed to post")
    # Every type that posts (from the posting rules), and the documents that book later (stock entries
    # waiting to be costed): their domains declare them
    waits = [(doc_type, "posting_state") for doc_type in sorted(RULES)]
    waits += [waiting for domain in DOMAINS for waiting in domain.books_later]
    for doc_type, state in waits:

        def page(cursor: str | None, doc_type: str = doc_type, state: str = state) -> Any:
            query = ListQuery(limit=100, cursor=cursor, status="all", equals={state: "pending"})
            return documents.list_documents(doc_type, query)

        blocking += [f"{d.get('code') or d['id']} is pending" for d in _all(page) if str(d.get("date")) <= last_day]
    if blocking:
        shown = "; ".join(blocking[:10]) + (f" and {len(blocking) - 10} more" if len(blocking) > 10 else "")
        raise UnpostedDocuments(f"{len(blocking)} document(s) dated up to {last_day} are not posted: {shown}")
    return {}


def check_trial_balance_step(tenant_id: str, period: str, actor: str) -> dict[str, Any]:
    """Debits equal credits over the fiscal year to date (from the stored balances)."""
    from ledgerlet.ledger.periods import FiscalCalendar
    from ledgerlet.ledger.store import LedgerStore

    ledger = LedgerStore(tenant_id)
    calendar = FiscalCalendar(int(ledger.settings().get("fiscal_year_start_month") or 1))
    periods = [p.key for p in calendar.periods_to_date(Period.from_key(period).last_day)]
    items = ledger.balances(periods)
    debit = sum((item.base_debit for item in items), Decimal(0))
    credit = sum((item.base_credit for item in items), Decimal(0))
    if debit != credit:
        raise TrialBalanceOff(f"{periods[0]}..{period}: debits {debit} and credits {credit} differ by {debit - credit}")
    return {"debit": debit, "credit": credit}


def lock_step(tenant_id: str, period: str, actor: str) -> dict[str, Any]:
    """Move the hard lock to the period's last day (never backwards), with an audit entry."""
    from ledgerlet.errors import Conflict
    from ledgerlet.ledger.store import LedgerStore

    ledger = LedgerStore(tenant_id)
    last_day = Period.from_key(period).last_day
    for _ in range(3):
        current = ledger.settings()
        hard = current.get("hard_lock")
        if hard and date.fromisoformat(hard) >= last_day:
            return {"hard_lock": hard}
        try:
            ledger.save_settings({"hard_lock": last_day.isoformat()}, current["version"], f"close:{actor}")
            return {"hard_lock": last_day.isoformat()}
        except Conflict:
            continue
    raise CloseError("the ledger settings kept changing; start the close again")


STEP_FUNCTIONS = {
    "revalue": revalue_step,
    "check_all_posted": check_all_posted_step,
    "check_trial_balance": check_trial_balance_step,
    "lock": lock_step,
}


def record_failure(event: dict[str, Any]) -> dict[str, Any]:
    """The catcher's task: keep the error (``$.error``: Error and Cause) on the close record."""
    error = event.get("error") or {}
    name = str(error.get("Error") or "CloseFailed")
    cause = str(error.get("Cause") or "")
    try:  # a Lambda error's cause is its JSON payload: keep the message
        import json

        cause = str(json.loads(cause).get("errorMessage") or cause)
    except (ValueError, AttributeError):
        pass
    CloseRecords(event["tenant_id"]).failed(event["period"], name, cause)
    return event


def _all(fetch: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        items += page.items
        cursor = page.next_cursor
        if not cursor:
            return items


# --- starting a close (the API) ------------------------------------------------------------------------


def start_close(tenant_id: str, period: str, actor: str, today: date | None = None) -> dict[str, Any]:
    """Mark the close running and start an execution of the state machine; the record, as started.

    A period can be closed once it has ended in the company's time zone (``today`` overrides its date)."""
    import json
    import os
    import uuid

    from ledgerlet.errors import Conflict, invalid_field
    from ledgerlet.hub.aws import client
    from ledgerlet.ledger.store import LedgerStore

    current = Period.from_key(period)
    ledger = LedgerStore(tenant_id)
    if today is None:
        from ledgerlet.timezones import today_in

        today = today_in(ledger.settings()["time_zone"])
    if current.last_day >= today:
        raise invalid_field("body.period", f"{period} has not ended yet", "period.not_ended", period=period)
    records = CloseRecords(tenant_id)
    earlier = earlier_open_period(ledger, records, current)
    if earlier is not None:
        raise invalid_field(
            "body.period",
            f"close {earlier} first: months close in order, and {earlier} is not closed yet",
            "period.earlier_open",
            earlier=str(earlier),
        )
    record = records.get(period)
    if record and record["status"] == "closed":
        raise Conflict(f"{period} is already closed")
    if record and record["status"] == "running" and _age_seconds(record.get("updated_at")) < STALE_RUN_SECONDS:
        raise Conflict(f"the close of {period} is running ({record.get('execution_name')})")
    name = f"{tenant_id}-{period}-{uuid.uuid4().hex[:12]}"[:80]
    started = records.begin(period, name, actor)
    client("stepfunctions").start_execution(
        stateMachineArn=os.environ["PERIOD_CLOSE_STATE_MACHINE_ARN"],
        name=name,
        input=json.dumps({"tenant_id": tenant_id, "period": period, "actor": actor}),
    )
    return started


def earlier_open_period(ledger: Any, records: CloseRecords, period: Period) -> str | None:
    """The first month before ``period`` that needs closing: it is on or after the month of the first
    entry, after the hard lock, and has no completed close. Closing locks every earlier day, so a later
    month closed first would lock earlier ones that were never revalued or checked."""
    from ledgerlet.ledger.periods import period_keys

    previous = period.previous()
    first = ledger.first_period(previous.key)
    if first is None:
        return None
    hard_lock = ledger.settings().get("hard_lock")
    for key in period_keys(first, previous.key):
        if hard_lock and Period.from_key(key).last_day <= date.fromisoformat(str(hard_lock)):
            continue
        record = records.get(key)
        if record is None or record["status"] != "closed":
            return key
    return None


def _age_seconds(stamp: Any) -> float:
    from datetime import UTC, datetime

    if not stamp:
        return float("inf")
    then = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    return (datetime.now(UTC) - then).total_seconds()
