"""Delivery runs: one vehicle's trip on a date, with its driver, its time slot and its stops (submitted delivery
orders, to deliver or to install, in order). The stop copies the delivery order's customer and address when
the run is written, so the driver's sheet is this one document.

- ``draft``: edited at will (PATCH replaces the stops).
- ``submitted`` (dispatched, ``POST .../submit``): fixed, but for each stop's proof of delivery
  (``POST .../stops/{n}/proof``); once every stop has an outcome the run is ``completed``.
- ``cancelled`` (``POST .../cancel``): a draft, or a dispatched run with no proof yet.

While a run is not cancelled it holds its driver's and its vehicle's slot on its date and its delivery orders
(:mod:`ledgerlet.sales.delivery_claims`): all conditional writes in the run's own transaction, never a read
and a write apart.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
import re
import time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field
from ledgerlet.fields import Date, LongText, ShortText, Timestamp
from ledgerlet.fields import Reference as Id
from ledgerlet.formats import formatted
from ledgerlet.hub import keys
from ledgerlet.hub.codec import to_item, to_value
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused, Series
from ledgerlet.hub.table import now_iso
from ledgerlet.ids import is_id, new_id
from ledgerlet.kind_service import revalidate
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.sales import delivery_claims as claims
from ledgerlet.sales.documents import CANCELLED, DRAFT, SUBMITTED, CancelRequest, SubmitRequest, only_drafts

COMPLETED = "completed"
DOC_TYPE = "DELIVERYRUN"
ID_PREFIX = "drn"
SERIES = "DRUN"
SERIES_PREFIX, SERIES_WIDTH = "RUN-", 6
ATTEMPTS = 8
CREATE_ATTEMPTS = 40  # runs numbered at once by several clerks take turns on the series
MAX_STOPS = 40  # a transaction holds the run's 6 writes and one per stop, within DynamoDB's 100
SIGNATURE_MAX = 64 * 1024  # characters of the data URL
PNG_PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SIGNATURE_SK = "SIGNATURE#"

Clock = Annotated[str, formatted(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "clock", "09:30")]


def _plate(value: Any) -> Any:
    return re.sub(r"\s+", "", value).upper() if isinstance(value, str) else value


Plate = Annotated[
    str,
    BeforeValidator(_plate),
    formatted(r"^[A-Z0-9-]{2,12}$", "plate", "WXY1234"),
    Field(description="The plate number; stored in capitals without spaces (`wxy 1234` is `WXY1234`)."),
]


def _png(value: str) -> str:
    """A PNG image as a data URL of at most 64 KB, its content a PNG by its header."""
    wrong = PydanticCustomError("delivery_run.signature", "a PNG data URL of at most 64 KB", {"max": 64})
    if len(value) > SIGNATURE_MAX or not value.startswith(PNG_PREFIX):
        raise wrong
    try:
        head = base64.b64decode(value[len(PNG_PREFIX) :][:64] + "==", validate=False)
        base64.b64decode(value[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise wrong from None
    if not head.startswith(PNG_MAGIC):
        raise wrong
    return value


Signature = Annotated[str, AfterValidator(_png), Field(json_schema_extra={"maxLength": SIGNATURE_MAX})]


class StopInput(Input):
    delivery_order_id: Id = Field(description="A submitted delivery order of this company, on no other run.")
    kind: Literal["delivery", "installation"] = "delivery"
    window_start: Clock | None = Field(default=None, description="The customer's window, within the run's slot.")
    window_end: Clock | None = None
    note: ShortText | None = None


class DeliveryRunCreate(Input):
    run_date: Date
    driver_id: Id = Field(description="An active employee.")
    vehicle: Plate
    slot_start: Clock = Field(description="When the run leaves (HH:MM).")
    slot_end: Clock = Field(description="When it is back, after `slot_start`.")
    stops: list[StopInput] = Field(min_length=1, max_length=MAX_STOPS, description="In the order they are visited.")
    memo: LongText | None = None


class StopView(StopInput):
    model_config = ConfigDict(extra="ignore")

    delivery_order_code: str | None = None
    customer_id: str | None = None
    customer_code: str | None = None
    customer_name: str | None = None
    address: list[str] | None = Field(default=None, description="Where it goes: the customer's shipping address.")
    phone: str | None = None
    outcome: str | None = Field(default=None, description="`delivered`, `installed` or `failed`, once recorded.")
    received_by: str | None = None
    received_at: str | None = None
    failure_reason: str | None = None
    signature_sha256: str | None = Field(default=None, description="The signature's digest, when one was given.")
    recorded_at: str | None = None
    recorded_by: str | None = None


class DeliveryRunMeta(DocumentMeta):
    state: str = Field(description="`draft`, `submitted` (dispatched), `completed` or `cancelled`.")
    stops: list[StopView]
    driver_code: str | None = None
    driver_name: str | None = None
    submitted_at: str | None = None
    completed_at: str | None = None
    cancel_reason: str | None = None
    cancelled_at: str | None = None


class ProofInput(Input):
    outcome: Literal["delivered", "installed", "failed"]
    received_by: ShortText | None = Field(default=None, description="Who took the goods; required unless failed.")
    received_at: Timestamp = Field(description="When, with its offset (`2026-12-05T14:30:00+08:00`).")
    failure_reason: ShortText | None = Field(default=None, description="Why it failed; required when it did.")
    signature: Signature | None = Field(
        default=None, description="A PNG data URL (`data:image/png;base64,…`), 64 KB at most."
    )


# --- writing a run ---------------------------------------------------------------------------------------------


def _driver(store: DocumentStore, driver_id: str) -> dict[str, Any]:
    found = store.get("EMPLOYEE", driver_id) if is_id(driver_id, "emp") else None
    if found is None:
        raise invalid_field("body.driver_id", f"employee {driver_id} does not exist", "reference.missing", id=driver_id)
    if found.get("status") == "archived":
        raise invalid_field("body.driver_id", f"employee {driver_id} is archived", "reference.archived", id=driver_id)
    return found


def _slot(fields: dict[str, Any]) -> None:
    start, end = fields["slot_start"], fields["slot_end"]
    if end <= start:
        raise invalid_field("body.slot_end", f"the slot ends after {start}", "delivery_run.slot_order", start=start)
    for number, stop in enumerate(fields["stops"]):
        window = (stop.get("window_start"), stop.get("window_end"))
        for name, at in zip(("window_start", "window_end"), window, strict=True):
            if at is not None and not start <= at <= end:
                raise invalid_field(
                    f"body.stops.{number}.{name}",
                    f"outside the slot {start}-{end}",
                    "delivery_run.window",
                    start=start,
                    end=end,
                )
        if window[0] is not None and window[1] is not None and window[1] <= window[0]:
            raise invalid_field(
                f"body.stops.{number}.window_end",
                f"the window ends after {window[0]}",
                "delivery_run.slot_order",
                start=window[0],
            )


def _customer_address(store: DocumentStore, customer_id: str) -> tuple[list[str], str | None]:
    from ledgerlet.printing.company import address_lines

    found = store.get("CUSTOMER", customer_id) if is_id(customer_id, "cus") else None
    if not found:
        return [], None
    lines = address_lines(found.get("shipping_address")) or address_lines(found.get("billing_address"))
    return lines, found.get("phone")


def _stops(
    store: DocumentStore, run_id: str, fields: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The stops as stored (their delivery orders' customer and address copied) and the orders as read."""
    stops, orders = [], {}
    addresses: dict[str, tuple[list[str], str | None]] = {}
    for number, stop in enumerate(fields["stops"]):
        field = f"body.stops.{number}.delivery_order_id"
        order_id = stop["delivery_order_id"]
        if order_id in orders:
            raise invalid_field(field, "this delivery order is already a stop of the run", "delivery_run.stop_twice")
        order = store.get("DELIVERYORDER", order_id) if is_id(order_id, "do") else None
        if order is None:
            raise invalid_field(field, f"delivery order {order_id} does not exist", "reference.missing", id=order_id)
        if order.get("state") != SUBMITTED:
            raise invalid_field(field, "not a submitted delivery order", "sales.source_state", source="delivery order")
        holder = order.get("delivery_run_id")
        if holder and holder != run_id and order.get("delivery_status") != claims.FAILED:
            code = order.get("delivery_run_code") or holder
            raise Conflict(
                f"{order.get('code')} is already on run {code}",
                [FieldError(field, f"already on run {code}", "delivery_run.order_taken", {"run": code})],
            )
        orders[order_id] = order
        customer_id = str(order.get("customer_id") or "")
        if customer_id not in addresses:
            addresses[customer_id] = _customer_address(store, customer_id)
        address, phone = addresses[customer_id]
        copied = {
            "delivery_order_code": order.get("code"),
            "customer_id": customer_id or None,
            "customer_code": order.get("customer_code"),
            "customer_name": order.get("customer_name"),
            "address": address,
            "phone": phone,
        }
        stops.append({**copied, **stop})
    return stops, orders


def _planned(
    store: DocumentStore, actor: Actor, run: dict[str, Any], before: dict[str, Any] | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The run's fields as stored and the claim writes that go with them (``before``: the run as it was)."""
    _slot(run)
    driver = _driver(store, run["driver_id"])
    kept = {stop["delivery_order_id"]: stop for stop in (before or {}).get("stops") or []}
    stops, orders = _stops(store, run["id"], run)
    slot = {"start": run["slot_start"], "end": run["slot_end"], "code": run.get("code") or run["id"]}
    operations: list[dict[str, Any]] = []
    for what, field in (("DRIVER", "driver_id"), ("VEHICLE", "vehicle")):
        day = claims.read_day(store, what, run[field], run["run_date"])
        clash = day.overlapping(run["id"], run["slot_start"], run["slot_end"])
        if clash:
            other, taken = clash
            code = taken.get("code") or other
            raise Conflict(
                f"{what.lower()} {run[field]} is on run {code} from {taken['start']} to {taken['end']}",
                [
                    FieldError(
                        f"body.{field}",
                        f"on run {code} from {taken['start']} to {taken['end']}",
                        f"delivery_run.{what.lower()}_busy",
                        {"run": code, "start": taken["start"], "end": taken["end"]},
                    )
                ],
            )
        old = None
        if before is not None and (before[field], before["run_date"]) != (run[field], run["run_date"]):
            old = claims.read_day(store, what, before[field], before["run_date"])
        operations += claims.day_changes(store, run["id"], old, day, slot)
    for number, stop in enumerate(stops):
        order = orders[stop["delivery_order_id"]]
        if order.get("delivery_run_id") != run["id"] or order.get("delivery_stop") != number:
            operations.append(claims.claim_order(store, actor, order, run, number))
    for order_id in kept.keys() - orders.keys():
        operations.append(claims.release_order(store, actor, order_id, run["id"]))
    fields = {**run, "stops": stops, "driver_code": driver.get("code"), "driver_name": driver.get("name")}
    return fields, operations


def _series(store: DocumentStore) -> tuple[Series, int]:
    """The runs' numbering series (``RUN-000001``) and its last number, started the first time a company
    writes a run."""
    try:
        return store.series_state(SERIES)
    except Conflict:
        store.db.update_item(
            TableName=store.table,
            Key={"PK": {"S": keys.series_pk(store.tenant_id, SERIES)}, "SK": {"S": keys.COUNTER_SK}},
            UpdateExpression="SET #p = if_not_exists(#p, :p), #w = if_not_exists(#w, :w), #l = if_not_exists(#l, :z)",
            ExpressionAttributeNames={"#p": "prefix", "#w": "width", "#l": "last"},
            ExpressionAttributeValues={":p": to_value(SERIES_PREFIX), ":w": to_value(SERIES_WIDTH), ":z": to_value(0)},
        )
        return store.series_state(SERIES)


def _numbered(store: DocumentStore, series: Series, last: int) -> dict[str, Any]:
    """The series' counter moved on from ``last``, if no other run took the number meanwhile."""
    return {
        "Update": {
            "TableName": store.table,
            "Key": {"PK": {"S": keys.series_pk(store.tenant_id, series.code)}, "SK": {"S": keys.COUNTER_SK}},
            "UpdateExpression": "SET #last = :next",
            "ConditionExpression": "#last = :last",
            "ExpressionAttributeNames": {"#last": "last"},
            "ExpressionAttributeValues": {":next": to_value(last + 1), ":last": to_value(last)},
        }
    }


def create_run(store: DocumentStore, kind: MasterKind, fields: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """A draft run holding its driver's and vehicle's slot and its delivery orders, numbered from the runs'
    series, all in one transaction (the ``creator`` of the kind). Its number is known before it is written,
    so the claims and the delivery orders name it."""
    run_id = new_id(ID_PREFIX)
    for attempt in range(CREATE_ATTEMPTS):
        series, last = _series(store)
        code = series.format(last + 1)
        planned, operations = _planned(store, actor, {**fields, "id": run_id, "code": code}, None)
        planned = {k: v for k, v in planned.items() if k not in ("id", "code")}
        try:
            return store.create(
                DOC_TYPE,
                ID_PREFIX,
                {**planned, "state": DRAFT},
                actor,
                code=code,
                search_text=kind.search_text(planned),
                extra=[*operations, _numbered(store, series, last)],
                doc_id=run_id,
            )
        except ExtraRefused:
            pass  # a day, an order or the number changed since read: read them again
        except Conflict as refused:
            if refused.errors:
                raise
        time.sleep(random.uniform(0.002, 0.02) * min(attempt + 1, 8))
    raise Conflict("the run's driver, vehicle, delivery orders or number kept changing, retry")


def update_run(store: DocumentStore, actor: Actor, run_id: str, body: BaseModel) -> dict[str, Any]:
    """A draft changed: checked as a whole, its claims moved with it."""
    changes = body.model_dump(mode="python", exclude_unset=True)
    expected = changes.pop("version")
    for _ in range(ATTEMPTS):
        before = _require(store, run_id)
        only_drafts(store, before, before)
        after = {k: v for k, v in {**before, **changes}.items() if v is not None}
        inputs = {name: after[name] for name in DeliveryRunCreate.model_fields if name in after}
        inputs["stops"] = [
            {name: stop[name] for name in StopInput.model_fields if stop.get(name) is not None}
            for stop in after["stops"]
        ]
        revalidate(DeliveryRunCreate, inputs)
        kept = {k: v for k, v in before.items() if k not in DeliveryRunCreate.model_fields}
        planned, operations = _planned(store, actor, {**kept, **inputs}, before)
        cleared = {name: None for name in DeliveryRunCreate.model_fields if name not in planned}
        _, done, own = store.update_operations(
            DOC_TYPE,
            run_id,
            {**planned, **cleared},
            actor,
            expected_version=expected,
            label="delivery run",
            search_text=DELIVERY_RUNS.search_text(planned),
        )
        try:
            store.transact_or_refuse([*own, *operations])
        except ExtraRefused:
            continue
        return done
    raise Conflict("the run's driver, vehicle or delivery orders kept changing, retry")


def submit_run(store: DocumentStore, actor: Actor, run_id: str, body: SubmitRequest) -> dict[str, Any]:
    """Dispatched: the run is fixed but for its stops' proof."""
    run = _require(store, run_id)
    only_drafts(store, run, run)
    return store.update(
        DOC_TYPE,
        run_id,
        {"state": SUBMITTED, "submitted_at": now_iso(), "submitted_by": actor.user_id},
        actor,
        expected_version=body.version,
        label="delivery run",
        action="submit",
    )


def cancel_run(store: DocumentStore, actor: Actor, run_id: str, body: CancelRequest) -> dict[str, Any]:
    """Cancelled: its driver's and vehicle's slots and its delivery orders are free again. A run with proof
    recorded on a stop is kept."""
    for _ in range(ATTEMPTS):
        run = _require(store, run_id)
        if run.get("state") == CANCELLED:
            raise Conflict(
                f"{run.get('code')} is already cancelled", [FieldError("id", "already cancelled", "document.cancelled")]
            )
        if run.get("state") == COMPLETED or any(stop.get("outcome") for stop in run["stops"]):
            raise Conflict(
                f"{run.get('code')} has proof of delivery recorded: it can no longer be cancelled",
                [FieldError("id", "proof of delivery is recorded", "delivery_run.has_proof")],
            )
        operations = []
        for what, field in (("DRIVER", "driver_id"), ("VEHICLE", "vehicle")):
            day = claims.read_day(store, what, run[field], run["run_date"])
            operations += claims.day_changes(store, run_id, day, None, None)
        for stop in run["stops"]:
            order = store.get("DELIVERYORDER", stop["delivery_order_id"]) or {}
            if order.get("delivery_run_id") == run_id:
                operations.append(claims.release_order(store, actor, order["id"], run_id))
        _, done, own = store.update_operations(
            DOC_TYPE,
            run_id,
            {"state": CANCELLED, "cancel_reason": body.reason, "cancelled_at": now_iso()},
            actor,
            expected_version=body.version or run["version"],
            label="delivery run",
            action="cancel",
        )
        try:
            store.transact_or_refuse([*own, *operations])
        except ExtraRefused:
            continue
        return done
    raise Conflict("the run's claims kept changing, retry")


def _proof_fields(body: ProofInput) -> dict[str, Any]:
    if body.outcome == "failed" and not body.failure_reason:
        raise invalid_field("body.failure_reason", "say why it failed", "required")
    if body.outcome != "failed" and not body.received_by:
        raise invalid_field("body.received_by", "name who received it", "required")
    signed = hashlib.sha256(body.signature.encode()).hexdigest() if body.signature else None
    return {
        "outcome": body.outcome,
        "received_by": body.received_by,
        "received_at": body.received_at,
        "failure_reason": body.failure_reason,
        "signature_sha256": signed,
    }


def record_proof(store: DocumentStore, actor: Actor, run_id: str, number: int, body: ProofInput) -> dict[str, Any]:
    """A stop's proof of delivery: its outcome on the run and on its delivery order, once. The same proof sent
    again answers the run as it is; another one is refused. The last stop's proof completes the run."""
    proof = _proof_fields(body)
    for _ in range(ATTEMPTS):
        run = _require(store, run_id)
        if number >= len(run["stops"]):
            raise NotFound(f"delivery run {run.get('code')} has no stop {number}")
        stop = run["stops"][number]
        if stop.get("outcome"):
            if all(stop.get(name) == value for name, value in proof.items()):
                return run  # the same proof again
            raise Conflict(
                f"stop {number} already has its proof ({stop['outcome']})",
                [
                    FieldError(
                        "body.outcome",
                        f"already recorded: {stop['outcome']}",
                        "delivery_run.proof_recorded",
                        {"outcome": stop["outcome"]},
                    )
                ],
            )
        if run.get("state") != SUBMITTED:
            raise Conflict(
                f"{run.get('code')} is {run.get('state')}: proof is recorded on a dispatched run",
                [FieldError("state", f"the run is {run.get('state')}", "delivery_run.not_dispatched")],
            )
        recorded = {k: v for k, v in proof.items() if v is not None}
        stops = [dict(s) for s in run["stops"]]
        stops[number] = {**stop, **recorded, "recorded_at": now_iso(), "recorded_by": actor.user_id}
        changes: dict[str, Any] = {"stops": stops}
        if all(s.get("outcome") for s in stops):
            changes.update(state=COMPLETED, completed_at=now_iso())
        _, done, own = store.update_operations(
            DOC_TYPE, run_id, changes, actor, expected_version=run["version"], label="delivery run", action="proof"
        )
        status = claims.FAILED if body.outcome == "failed" else claims.DELIVERED
        operations = [*own, claims.order_outcome(store, actor, stop["delivery_order_id"], run_id, status)]
        if body.signature:
            operations.append(_signature(store, run_id, number, body.signature))
        failed = store.transact(operations)
        if not failed:
            return done
        if 2 in failed:
            raise Conflict(
                f"stop {number}'s delivery order is no longer on this run",
                [FieldError("id", "the delivery order left the run", "delivery_run.order_taken", {"run": run_id})],
            )
        # another stop's proof came first: read the run again
    raise Conflict("the run kept changing, retry")


def _signature(store: DocumentStore, run_id: str, number: int, signature: str) -> dict[str, Any]:
    """The signature beside the run (the run itself stays small): a child item of its partition."""
    item = {
        "PK": keys.document_pk(store.tenant_id, DOC_TYPE, run_id),
        "SK": f"{SIGNATURE_SK}{number:04d}",
        "entity": "SIGNATURE",
        "data_url": signature,
    }
    return {"Put": {"TableName": store.table, "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}}


def _require(store: DocumentStore, run_id: str) -> dict[str, Any]:
    if not is_id(run_id, ID_PREFIX):
        raise NotFound(f"delivery run {run_id} does not exist")
    return store.require(DOC_TYPE, run_id, "delivery run")


DELIVERY_RUNS = MasterKind(
    label="delivery run",
    applet="delivery-runs",
    doc_type=DOC_TYPE,
    id_prefix=ID_PREFIX,
    create_model=DeliveryRunCreate,
    filters=("run_date", "driver_id", "state"),
    search_fields=("vehicle", "driver_name"),
    rules=(only_drafts,),
    creator=create_run,
    view_base=DeliveryRunMeta,
)
