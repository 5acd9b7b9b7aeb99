"""What a delivery run holds while it is not cancelled, each a conditional write in the run's own transaction:

==========================  =============================================  ===========
claim                       PK                                             SK
==========================  =============================================  ===========
a driver's day              ``T#DELIVERYCLAIM#DRIVER#emp_01..#2026-12-05``  ``SLOTS``
a vehicle's day             ``T#DELIVERYCLAIM#VEHICLE#WXY1234#2026-12-05``  ``SLOTS``
a delivery order            the delivery order itself (``delivery_run_id``)
==========================  =============================================  ===========

A day's claim item keeps every run of that driver (or vehicle) on that date with its slot (``runs``:
run id -> start, end, code) and a ``revision``. A run is added (or moved, or taken off) on the condition
that the revision is still the one read, so two runs checked against the same day never both get in: the
second's transaction fails and it reads the day again, finding the first. Slots are half-open: one run may
start when the other ends.

A delivery order is claimed on itself: the run sets ``delivery_run_id`` (and ``delivery_status``
``scheduled``, the link and its stop) on the condition that it is submitted and on no other run (or its
delivery on one failed), bumping its version as any change does, so whoever read it before (a cancel) is
refused. Cancelling the run takes both back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item, to_value
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.table import now_iso, public

PREFIX = "DELIVERYCLAIM"
SLOTS_SK = "SLOTS"
SCHEDULED, DELIVERED, FAILED = "scheduled", "delivered", "failed"


@dataclass(frozen=True)
class Day:
    """One driver's or vehicle's runs on one date, as read (``revision`` 0: nothing claimed yet)."""

    what: str  # "DRIVER" or "VEHICLE"
    name: str  # the employee id or the plate
    day: str
    revision: int
    runs: dict[str, dict[str, str]]

    def overlapping(self, run_id: str, start: str, end: str) -> tuple[str, dict[str, str]] | None:
        """Another run of this day whose slot overlaps ``start``-``end`` (half-open), if any."""
        for other, slot in sorted(self.runs.items()):
            if other != run_id and slot["start"] < end and start < slot["end"]:
                return other, slot
        return None


def day_pk(tenant_id: str, what: str, name: str, day: str) -> str:
    return f"{keys.tenant_prefix(tenant_id)}{PREFIX}{keys.SEP}{what}{keys.SEP}{name}{keys.SEP}{day}"


def read_day(store: DocumentStore, what: str, name: str, day: str) -> Day:
    found = store.db.get_item(
        TableName=store.table,
        Key={"PK": {"S": day_pk(store.tenant_id, what, name, day)}, "SK": {"S": SLOTS_SK}},
        ConsistentRead=True,
    ).get("Item")
    item = public(from_item(found)) if found else {}
    runs = {run: {k: str(v) for k, v in slot.items()} for run, slot in (item.get("runs") or {}).items()}
    return Day(what, name, day, int(item.get("revision") or 0), runs)


def write_day(store: DocumentStore, day: Day, runs: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The operation leaving ``runs`` on ``day`` (none: the item goes), if its revision is still the one read."""
    key = {"PK": {"S": day_pk(store.tenant_id, day.what, day.name, day.day)}, "SK": {"S": SLOTS_SK}}
    if day.revision:
        condition: dict[str, Any] = {
            "ConditionExpression": "#revision = :read",
            "ExpressionAttributeNames": {"#revision": "revision"},
            "ExpressionAttributeValues": {":read": to_value(day.revision)},
        }
    else:
        condition = {"ConditionExpression": "attribute_not_exists(PK)"}
    if not runs:
        return {"Delete": {"TableName": store.table, "Key": key, **condition}}
    item = {"PK": key["PK"]["S"], "SK": SLOTS_SK, "entity": PREFIX, "runs": runs, "revision": day.revision + 1}
    return {"Put": {"TableName": store.table, "Item": to_item(item), **condition}}


def day_changes(
    store: DocumentStore, run_id: str, before: Day | None, after: Day | None, slot: dict[str, str] | None
) -> list[dict[str, Any]]:
    """The writes moving run ``run_id`` from ``before`` (the day it was on, if any) to ``after`` with ``slot``
    (none: it leaves): one operation per day item touched, none when nothing changes."""
    operations = []
    same = (
        before is not None
        and after is not None
        and (before.what, before.name, before.day)
        == (
            after.what,
            after.name,
            after.day,
        )
    )
    if before is not None and not same and run_id in before.runs:
        operations.append(write_day(store, before, {r: s for r, s in before.runs.items() if r != run_id}))
    if after is not None and slot is not None and after.runs.get(run_id) != slot:
        operations.append(write_day(store, after, {**after.runs, run_id: slot}))
    elif after is not None and slot is None and run_id in after.runs:
        operations.append(write_day(store, after, {r: s for r, s in after.runs.items() if r != run_id}))
    return operations


def _document_key(store: DocumentStore, order_id: str) -> dict[str, Any]:
    return {
        "PK": {"S": keys.document_pk(store.tenant_id, "DELIVERYORDER", order_id)},
        "SK": {"S": keys.DOC_SK},
    }


def _order_update(
    store: DocumentStore,
    order_id: str,
    actor: Actor,
    run_id: str,
    *,
    sets: dict[str, Any],
    removes: tuple[str, ...] = (),
    claiming: bool = False,
    appended: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An update of a delivery order's run fields: its next version in place (no history entry, as a
    tally's change), on the condition that it is on run ``run_id`` (``claiming``: or submitted and on no
    run, or its delivery on one failed)."""
    sets = {**sets, "updated_at": now_iso(), "updated_by": actor.user_id}
    names = {f"#s{n}": name for n, name in enumerate(sets)} | {"#version": "version", "#run": "delivery_run_id"}
    values = {f":s{n}": to_value(value) for n, value in enumerate(sets.values())}
    values |= {":one": to_value(1), ":run": to_value(run_id)}
    assignments = [f"#s{n} = :s{n}" for n in range(len(sets))] + ["#version = #version + :one"]
    condition = "#run = :run"
    if claiming:
        names |= {"#state": "state", "#status": "delivery_status"}
        values |= {":submitted": to_value("submitted"), ":failed": to_value(FAILED)}
        condition = (
            "attribute_exists(PK) AND #state = :submitted AND (attribute_not_exists(#run) OR #run = :run "
            "OR #status = :failed)"
        )
    if appended is not None:
        names["#flow"] = "flow"
        values |= {":link": to_value([appended]), ":none": to_value([])}
        assignments.append("#flow = list_append(if_not_exists(#flow, :none), :link)")
    expression = "SET " + ", ".join(assignments)
    if removes:
        names |= {f"#r{n}": name for n, name in enumerate(removes)}
        expression += " REMOVE " + ", ".join(f"#r{n}" for n in range(len(removes)))
    return {
        "Update": {
            "TableName": store.table,
            "Key": _document_key(store, order_id),
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


RUN_FIELDS = ("delivery_run_id", "delivery_run_code", "delivery_stop", "delivery_status")


def claim_order(
    store: DocumentStore, actor: Actor, order: dict[str, Any], run: dict[str, Any], stop: int
) -> dict[str, Any]:
    """Put ``order`` on ``run`` as its stop ``stop``: on the condition it is submitted and on no other run
    (unless its delivery on one failed); the first time, the run joins its document flow."""
    ours = order.get("delivery_run_id") == run["id"]
    sets = {
        "delivery_run_id": run["id"],
        "delivery_run_code": run.get("code") or run["id"],
        "delivery_stop": stop,
        "delivery_status": order.get("delivery_status") if ours else SCHEDULED,
    }
    link = None if ours else {"type": "DELIVERYRUN", "id": run["id"], "code": run.get("code")}
    return _order_update(store, order["id"], actor, run["id"], sets=sets, claiming=True, appended=link)


def release_order(store: DocumentStore, actor: Actor, order_id: str, run_id: str) -> dict[str, Any]:
    """Take ``order_id`` off run ``run_id`` (on the condition it is still on it)."""
    return _order_update(store, order_id, actor, run_id, sets={}, removes=RUN_FIELDS)


def order_outcome(store: DocumentStore, actor: Actor, order_id: str, run_id: str, status: str) -> dict[str, Any]:
    """The delivery order's ``delivery_status`` as its stop's proof says (``delivered`` or ``failed``)."""
    return _order_update(store, order_id, actor, run_id, sets={"delivery_status": status})
