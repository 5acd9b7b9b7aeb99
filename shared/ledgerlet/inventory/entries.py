"""Stock entries: stock received at cost, issued, moved between locations, or counted. Each line becomes
movements of the stock ledger (``stock_ledger``), written with the entry in one transaction: an entry
that would take stock below zero is refused whole (409, naming the item), and nothing is half-written.
Values follow when the keys are costed (``valuation_state``: ``pending`` until then)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ledgerlet.errors import Conflict, FieldError, invalid_field
from ledgerlet.fields import Code, Date, Money, PositiveMoney, Quantity, ShortText, decimal_text
from ledgerlet.fields import Reference as Id
from ledgerlet.formats import text_format
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.hub.tally import left, tally_update
from ledgerlet.ids import new_id
from ledgerlet.inventory.costing import Movement, NegativeStock, Policy
from ledgerlet.inventory.tracking import MAX_OPERATIONS, Tracker, checked_lines
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.masterdata.contract import Item, MasterData

if TYPE_CHECKING:
    from ledgerlet.inventory.costing import Kind

Purpose = Literal["receipt", "issue", "transfer", "count", "adjustment", "customer_return", "supplier_return"]
Reason = Literal["write_off", "damage", "expiry", "loss", "other"]
MOVEMENT_KIND: dict[str, Kind] = {
    "receipt": "receipt",
    "issue": "issue",
    "count": "count",
    "adjustment": "issue",
    "customer_return": "customer_return",
    "supplier_return": "supplier_return",
}
AT_COST = ("issue", "transfer", "adjustment", "customer_return", "supplier_return")  # no unit cost given
RETURNED = {"customer_return": "issue", "supplier_return": "receipt"}  # what each return goes back against
DEFAULT_TIME = "12:00:00"
ATTEMPTS = 8


class BatchLot(Input):
    batch_no: Code = Field(description="The batch (lot) number.")
    qty: Quantity = Field(description="How much of the line is of this batch.")
    expires_on: Date | None = Field(default=None, description="When a received batch expires.")


class StockLineInput(Input):
    item_id: Id
    qty: Quantity = Field(description="In the item's base unit; a count's quantity may be 0.")
    rate: Decimal | None = Field(
        default=None,
        ge=0,
        le=Decimal("999999999999"),
        decimal_places=6,
        description="Unit cost: what a receipt cost, or what a count values the stock at.",
        json_schema_extra=decimal_text(6),
    )
    landed_cost: Money | None = Field(default=None, description="Freight, duty and the like added to a receipt.")
    batch_no: Code | None = Field(
        default=None,
        description="Items tracked by batch: the batch received, or taken (an issue that names none takes the "
        "first expiring: FEFO).",
    )
    expires_on: Date | None = Field(
        default=None, description="When the received batch (or serial-numbered units) expires."
    )
    batches: list[BatchLot] | None = Field(
        default=None,
        max_length=25,
        description="Items tracked by batch, the line across several batches (a count: each batch counted). "
        "In an answer: the batches the line took or brought.",
    )
    serials: list[Code] | None = Field(
        default=None, max_length=100, description="Items tracked by serial number: one per unit."
    )
    memo: ShortText | None = None

    @model_validator(mode="after")
    def _one_way_to_name_batches(self) -> StockLineInput:
        if self.batch_no is not None and self.batches is not None:
            raise PydanticCustomError("stock.batch_both", "name one batch_no, or batches, not both")
        return self


class StockEntryCreate(Input):
    purpose: Purpose = Field(
        description="`receipt` at cost, `issue`, `transfer` between locations, `count`, `adjustment` (stock "
        "written off: damage, expiry, loss), `customer_return` (back at the issue's rate) or `supplier_return` "
        "(out at the receipt's rate)."
    )
    reason: Reason | None = Field(default=None, description="An adjustment's reason.")
    returns_entry_id: Id | None = Field(
        default=None, description="A return's original entry: the issue a customer returns, the receipt sent back."
    )
    request_id: Id | None = Field(default=None, description="The stock request it fulfils (in part or whole).")
    date: Date
    time: str | None = Field(
        default=None,
        pattern=text_format(r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$", "time", "14:30:00"),
        description=f"Posting time, HH:MM:SS (default {DEFAULT_TIME}); with the date, it orders the costing.",
    )
    location_id: Id = Field(description="Where stock comes in, goes out, leaves (a transfer) or is counted.")
    to_location_id: Id | None = Field(default=None, description="Where a transfer's stock arrives.")
    reference: ShortText | None = None
    memo: ShortText | None = None
    lines: list[StockLineInput] = Field(min_length=1, max_length=25)

    @model_validator(mode="after")
    def _fits_its_purpose(self) -> StockEntryCreate:
        transfer = self.purpose == "transfer"
        if transfer != (self.to_location_id is not None):
            raise PydanticCustomError("stock.to_location", "to_location_id is for transfers, and a transfer needs it")
        if transfer and self.to_location_id == self.location_id:
            raise PydanticCustomError("stock.same_location", "a transfer needs two different locations")
        if (self.purpose == "adjustment") != (self.reason is not None):
            raise PydanticCustomError("stock.reason", "an adjustment needs a reason, and only an adjustment has one")
        if (self.purpose in RETURNED) != (self.returns_entry_id is not None):
            raise PydanticCustomError("stock.returns", "a return names the entry it returns, and only a return does")
        for number, line in enumerate(self.lines):
            if self.purpose in ("receipt", "count") and line.rate is None:
                raise PydanticCustomError("stock.rate", "line {line}: a {purpose} needs a rate", _at(number, self))
            if self.purpose in AT_COST and (line.rate is not None or line.landed_cost):
                raise PydanticCustomError(
                    "stock.no_rate", "line {line}: an {purpose} goes out at cost", _at(number, self)
                )
            if self.purpose != "count" and not line.qty:
                raise PydanticCustomError("stock.qty", "line {line}: only a count may be 0", _at(number, self))
        return self


def _at(number: int, entry: StockEntryCreate) -> dict[str, Any]:
    return {"line": number + 1, "purpose": entry.purpose}


class BatchLotView(BatchLot):
    model_config = ConfigDict(extra="ignore")

    change: str | None = Field(default=None, description="A count's change to the batch's quantity.")
    was: str | None = Field(default=None, description="What a count found the batch's quantity to be before.")


class StockLineView(StockLineInput):
    model_config = ConfigDict(extra="ignore")

    batches: list[BatchLotView] | None = Field(  # type: ignore[assignment]  # an answer says more of each
        default=None, description="The batches the line took or brought."
    )
    item_code: str | None = None
    item_name: str | None = None
    uom: str | None = Field(default=None, description="The item's base unit, which `qty` is in.")
    found: list[str] | None = Field(default=None, description="A count's serial numbers not in stock there before.")
    missing: list[str] | None = Field(default=None, description="A count's serial numbers in stock there, not found.")


class LandedCostLine(Input):
    line: int = Field(ge=0, le=24, description="The receipt's line (0-based).")
    amount: PositiveMoney = Field(description="Freight, duty and the like, added to that line's cost.")


class LandedCostRequest(Input):
    lines: list[LandedCostLine] = Field(min_length=1, max_length=25)
    reference: ShortText | None = Field(default=None, description="The bill it comes from, e.g. the forwarder's.")


class CancelRequest(Input):
    reason: ShortText = Field(min_length=1, description="Why the entry is cancelled (kept with it).")


class StockEntryMeta(DocumentMeta):
    valuation_state: str | None = Field(default=None, description="`pending` until its stock is costed.")
    cancelled: bool | None = Field(default=None, description="Cancelled: its movements no longer count.")
    cancel_reason: str | None = None
    movement_ids: list[str] | None = Field(default=None, description="Its movements on the stock ledger.")
    source_type: str | None = Field(
        default=None, description="The document that moved the stock, e.g. `DELIVERYORDER`."
    )
    source_id: str | None = None
    source_code: str | None = None
    lines: list[StockLineView]


def prepare_entry(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """Check what the entry names and enrich its lines with the items' codes and names."""

    _check_unlocked(store, "body.date", fields["date"])
    master = MasterData(store)
    for name in ("location_id", "to_location_id"):
        if fields.get(name):
            check_location(master, name, fields[name])
    lines, items = [], {}
    for number, line in enumerate(fields["lines"]):
        item = items[line["item_id"]] = _stock_item(master, number, line["item_id"])
        lines.append({**line, "item_code": item.code, "item_name": item.name, "uom": item.base_uom})
    lines = checked_lines(fields["purpose"], lines, items)
    if fields["purpose"] in RETURNED:
        lines = _against_original(store, fields, lines)
    return {
        **fields,
        "time": fields.get("time") or DEFAULT_TIME,
        "lines": lines,
        "name": fields.get("memo") or fields["purpose"],
        "valuation_state": "pending",
    }


def _against_original(
    store: DocumentStore, fields: dict[str, Any], lines: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each returned line's line on the original entry, within what is left to return."""
    original = store.get("STOCKENTRY", fields["returns_entry_id"])
    wanted = RETURNED[fields["purpose"]]
    if original is None or original.get("cancelled") or original["purpose"] != wanted:
        raise invalid_field(
            "body.returns_entry_id", f"not a {wanted} that can be returned", "stock.return_of", purpose=wanted
        )
    if original["location_id"] != fields["location_id"]:
        raise invalid_field(
            "body.location_id", "a return goes back to the original's location", "stock.return_location"
        )
    returned: dict[int, Decimal] = {}
    matched = []
    for number, line in enumerate(lines):
        found = next((n for n, o in enumerate(original["lines"]) if o["item_id"] == line["item_id"]), None)
        if found is None:
            raise invalid_field(
                f"body.lines.{number}.item_id",
                f"{line['item_code']} is not on the original",
                "stock.return_item",
                item=line["item_code"],
            )
        remaining = left(original, "returned", found) - returned.get(found, Decimal(0))
        if Decimal(str(line["qty"])) > remaining:
            raise invalid_field(
                f"body.lines.{number}.qty",
                f"only {remaining:f} left to return",
                "stock.return_qty",
                item=line["item_code"],
                left=f"{remaining:f}",
            )
        returned[found] = returned.get(found, Decimal(0)) + Decimal(str(line["qty"]))
        matched.append({**line, "original_line": found})
    return matched


def _returned_update(store: DocumentStore, entry: dict[str, Any], sign: int) -> dict[str, Any]:
    """The operation adding (``sign`` 1) or taking back (-1) a return's quantities on its original entry."""
    original = store.require("STOCKENTRY", entry["returns_entry_id"], "stock entry")
    amounts = {int(line["original_line"]): sign * Decimal(str(line["qty"])) for line in entry["lines"]}
    return tally_update(store, "STOCKENTRY", original, "returned", amounts)


def _fulfilment(store: DocumentStore, entry: dict[str, Any], sign: int) -> dict[str, Any]:
    from ledgerlet.inventory.requests import fulfilment

    return fulfilment(store, entry, sign)


def _check_unlocked(store: DocumentStore, field: str, day: str) -> None:
    from ledgerlet.ledger.contract import refuse_locked

    refuse_locked(store.tenant_id, "inventory", day, field)


def check_location(master: MasterData, name: str, org_unit_id: str) -> None:
    """An org unit of kind location, not archived (``name``: the body field that names it)."""
    unit = master.org_unit(org_unit_id)
    if unit is None or unit.archived:
        raise invalid_field(
            f"body.{name}", f"location {org_unit_id} does not exist", "reference.missing", id=org_unit_id
        )
    if unit.kind != "location":
        raise invalid_field(
            f"body.{name}", f"{unit.code} is a {unit.kind}, not a location", "stock.not_location", unit=unit.code
        )


def _stock_item(master: MasterData, number: int, item_id: str) -> Item:
    return check_stock_item(master, f"body.lines.{number}.item_id", item_id)


def check_stock_item(master: MasterData, field: str, item_id: str) -> Item:
    """A stock item, not archived, costed by a method the engine supports."""
    item = master.item(item_id)
    if item is None or item.archived:
        raise invalid_field(field, f"item {item_id} does not exist", "reference.missing", id=item_id)
    if item.kind != "stock":
        raise invalid_field(field, f"{item.code} is not a stock item", "stock.not_stock", item=item.code)
    if item.costing_method == "standard":
        raise invalid_field(
            field, f"{item.code} uses standard costing, not yet supported", "stock.costing_method", item=item.code
        )
    return item


def policies_of(store: DocumentStore, items: dict[str, Item | None]) -> dict[str, Policy]:
    """The costing policy of each item (``settings.policy_of``), under the company's stock settings."""
    from ledgerlet.inventory.settings import policy_of, read_settings

    settings = read_settings(store.tenant_id)
    policies = {item_id: policy_of(item, settings) for item_id, item in items.items() if item}
    tracked = {item_id for item_id, item in items.items() if item and item.tracking}
    return {item_id: replace(p, allow_negative=False) if item_id in tracked else p for item_id, p in policies.items()}


def movements_of(entry: dict[str, Any], doc_id: str, seq: int) -> list[Movement]:
    """The stock ledger movements of an entry's lines, numbered from ``seq`` in entry order."""
    day, at = date.fromisoformat(entry["date"]), entry["time"]
    movements: list[Movement] = []

    def move(kind: Kind, number: int, location: str, line: dict[str, Any], **extra: Any) -> Movement:
        movement = Movement(
            id=f"{doc_id}.{number + 1}" + ("i" if kind == "transfer_in" else ""),
            item_id=line["item_id"],
            location_id=location,
            posted_on=day,
            posted_at=at,
            seq=seq + len(movements),
            kind=kind,
            qty=Decimal(line["qty"]),
            rate=Decimal(line["rate"]) if line.get("rate") is not None else None,
            landed_cost=Decimal(line.get("landed_cost") or 0),
            **extra,
        )
        movements.append(movement)
        return movement

    for number, line in enumerate(entry["lines"]):
        if entry["purpose"] == "transfer":
            out = move("transfer_out", number, entry["location_id"], line)
            move("transfer_in", number, entry["to_location_id"], line, transfer_id=out.id)
        elif entry["purpose"] in RETURNED:
            original = f"{entry['returns_entry_id']}.{int(line['original_line']) + 1}"
            move(MOVEMENT_KIND[entry["purpose"]], number, entry["location_id"], line, original_id=original)
        else:
            books_to = "adjustment" if entry["purpose"] == "adjustment" else ""
            move(MOVEMENT_KIND[entry["purpose"]], number, entry["location_id"], line, books_to=books_to)
    return movements


def create_entry(
    store: DocumentStore,
    kind: MasterKind,
    fields: dict[str, Any],
    actor: Actor,
    extra: tuple[dict[str, Any], ...] = (),
    *,
    stop_on_extra: bool = False,
    entry_id: str | None = None,
    consumed: Mapping[tuple[str, str], Decimal] | None = None,
) -> dict[str, Any]:
    """Write the entry and its movements at once (with ``extra`` operations, e.g. the count sheet it
    closes); refuse it whole when stock would go below zero. With ``stop_on_extra``, a condition of
    ``extra`` that fails raises :class:`ExtraRefused` (positions in ``extra``) rather than trying again.
    ``consumed``: per item and location, stock an issue takes from reservations made for it."""
    from ledgerlet.inventory.stock_ledger import StockLedger

    master = MasterData(store)
    items = {line["item_id"]: master.item(line["item_id"]) for line in fields["lines"]}
    policies = policies_of(store, items)
    doc_id = entry_id or new_id(kind.id_prefix)
    fields = {**fields, "seq": time.time_ns() // 1000 * 100}  # entry order, after every earlier entry
    movements = movements_of(fields, doc_id, fields["seq"])
    ledger, tracker = StockLedger(store.tenant_id), Tracker(store.tenant_id)
    original = store.get("STOCKENTRY", fields["returns_entry_id"]) if fields["purpose"] in RETURNED else None
    checked: frozenset[tuple[str, str]] = frozenset()
    for _ in range(ATTEMPTS):
        try:
            plan = ledger.plan(movements, policies, checked, consumed)
        except NegativeStock as short:
            raise _short(short, fields, movements, items) from None
        taken = [_returned_update(store, fields, +1)] if fields["purpose"] in RETURNED else []
        taken += [_fulfilment(store, fields, +1)] if fields.get("request_id") else []
        lines = tracker.resolve(fields, items, original)  # batches taken FEFO, serial numbers checked
        decided = {**fields, "lines": lines, "movement_ids": [m.id for m in movements]}
        others = plan.operations + taken + list(extra)
        lots = _fits(tracker.operations(decided, doc_id, items), others)
        try:
            return store.create(
                kind.doc_type,
                kind.id_prefix,
                decided,
                actor,
                series_code=kind.series,
                search_text=kind.search_text(fields),
                extra=others + lots,
                doc_id=doc_id,
            )
        except ExtraRefused as refused:
            stock = len(plan.operations)
            theirs = {p - stock - len(taken) for p in refused.positions if 0 <= p - stock - len(taken) < len(extra)}
            if theirs and stop_on_extra:
                raise ExtraRefused(theirs) from None
            if any(stock <= position < stock + len(taken) for position in refused.positions):
                fields = prepare_entry(store, fields)  # another return of the same entry: check what is left
            checked = plan.checked_after({p for p in refused.positions if p < stock})
            # a batch or serial number taken meanwhile: the next attempt reads them again
    raise Conflict("stock kept changing while the entry was written, retry")


def cancel_entry(
    store: DocumentStore,
    actor: Actor,
    entry_id: str,
    request: CancelRequest,
    extra: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Cancel a stock entry: its movements stop counting (their rows stay on the stock card, marked) and
    the keys re-cost from its date, which must be open. Refused when later issues relied on its stock.
    ``extra`` operations commit with it; one whose condition fails raises :class:`ExtraRefused`."""
    from ledgerlet.errors import NotFound
    from ledgerlet.ids import is_id
    from ledgerlet.inventory.stock_ledger import StockLedger

    if not is_id(entry_id, STOCK_ENTRIES.id_prefix):
        raise NotFound(f"stock entry {entry_id} does not exist")
    entry = store.require(STOCK_ENTRIES.doc_type, entry_id, "stock entry")
    if entry.get("cancelled"):
        raise Conflict(
            f"stock entry {entry['code']} is already cancelled",
            [FieldError("id", "already cancelled", "document.cancelled")],
        )
    _check_unlocked(store, "id", entry["date"])
    master = MasterData(store)
    items = {line["item_id"]: master.item(line["item_id"]) for line in entry["lines"]}
    policies = policies_of(store, items)
    movements = movements_of(entry, entry_id, int(entry["seq"]))
    ledger = StockLedger(store.tenant_id)
    changes = {"cancelled": True, "cancel_reason": request.reason, "valuation_state": "pending"}
    lots = Tracker(store.tenant_id).operations(entry, entry_id, items, cancel=True)
    for _ in range(ATTEMPTS):
        try:
            operations = ledger.cancel_plan(movements, policies)
        except NegativeStock as short:
            raise _short(short, entry, movements, items, "cancel") from None
        if entry["purpose"] in RETURNED:  # what it returned may be returned again
            operations.append(_returned_update(store, entry, -1))
        if entry.get("request_id"):  # what it fulfilled is asked for again
            operations.append(_fulfilment(store, entry, -1))
        first_lot = len(operations)
        operations += lots
        first_extra = len(operations)
        operations += extra
        try:
            return store.update(
                STOCK_ENTRIES.doc_type,
                entry_id,
                changes,
                actor,
                expected_version=entry["version"],
                label="stock entry",
                action="cancel",
                extra=operations,
            )
        except ExtraRefused as refused:
            if any(position >= first_extra for position in refused.positions):
                raise ExtraRefused({p - first_extra for p in refused.positions if p >= first_extra}) from None
            if any(position >= first_lot for position in refused.positions):
                raise Conflict(
                    f"the batches or serial numbers of {entry['code']} have moved on since",
                    [
                        FieldError(
                            "id", "its batches or serial numbers are no longer where it put them", "stock.lots_moved"
                        )
                    ],
                ) from None
            continue  # a movement of the same stock was recorded meanwhile: check again
    raise Conflict("stock kept changing while the entry was cancelled, retry")


def add_landed_cost(store: DocumentStore, actor: Actor, entry_id: str, request: LandedCostRequest) -> dict[str, Any]:
    """Add landed cost to a receipt after it was written: each line's cost grows, and its stock re-costs
    from the receipt's date (which must be open), what was issued since included."""
    from ledgerlet.errors import NotFound
    from ledgerlet.ids import is_id
    from ledgerlet.inventory.stock_ledger import StockLedger

    if not is_id(entry_id, STOCK_ENTRIES.id_prefix):
        raise NotFound(f"stock entry {entry_id} does not exist")
    for _ in range(ATTEMPTS):
        entry = store.require(STOCK_ENTRIES.doc_type, entry_id, "stock entry")
        if entry["purpose"] != "receipt" or entry.get("cancelled"):
            raise Conflict(
                f"stock entry {entry['code']} is not a receipt in force",
                [FieldError("id", "not a receipt", "stock.landed_receipt")],
            )
        _check_unlocked(store, "id", entry["date"])
        lines = [dict(line) for line in entry["lines"]]
        for number, added in enumerate(request.lines):
            if added.line >= len(lines):
                raise invalid_field(f"body.lines.{number}.line", "the receipt has no such line", "stock.landed_line")
            line = lines[added.line]
            line["landed_cost"] = Decimal(str(line.get("landed_cost") or 0)) + added.amount
        movements = movements_of(entry, entry_id, int(entry["seq"]))
        ledger = StockLedger(store.tenant_id)
        changed = sorted({added.line for added in request.lines})
        operations = ledger.landed_costs(
            [(movements[number], Decimal(str(lines[number]["landed_cost"]))) for number in changed]
        )
        history = [*(entry.get("landed_costs") or []), request.model_dump(mode="json", exclude_none=True)]
        changes = {"lines": lines, "valuation_state": "pending", "landed_costs": history}
        try:
            return store.update(
                STOCK_ENTRIES.doc_type,
                entry_id,
                changes,
                actor,
                expected_version=entry["version"],
                label="stock entry",
                action="landed_cost",
                extra=operations,
            )
        except ExtraRefused:
            continue  # the receipt's row was re-costed meanwhile: read it again
    raise Conflict("stock kept changing while the landed cost was added, retry")


def _fits(lots: list[dict[str, Any]], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lots' writes, when the transaction can carry them with the entry's others (else 422)."""
    if len(lots) + len(others) > MAX_OPERATIONS:
        raise invalid_field(
            "body.lines",
            "too many batches or serial numbers for one entry: split it into several",
            "stock.too_many_lots",
        )
    return lots


def _short(
    short: NegativeStock,
    entry: dict[str, Any],
    movements: list[Movement],
    items: dict[str, Any],
    action: str = "create",
) -> Conflict:
    """A 409 naming the item and the quantity missing, on the line that asked for it (a cancellation: on
    the entry, since the later issues relied on its stock)."""
    number = next((n for n, m in enumerate(movements) if m.id == short.movement_id), 0)
    line = number // 2 if entry["purpose"] == "transfer" else number
    item = items.get(short.item_id)
    code = item.code if item else short.item_id
    message = f"{code}: {short.short:f} short at this date"
    field = f"body.lines.{line}.qty" if action == "create" else "id"
    return Conflict(
        f"not enough stock of {code}",
        [FieldError(field, message, "stock.short", {"item": code, "short": f"{short.short:f}"})],
    )


STOCK_ENTRIES = MasterKind(
    label="stock entry",
    applet="stock-entries",
    doc_type="STOCKENTRY",
    id_prefix="stk",
    create_model=StockEntryCreate,
    series="STK",
    filters=("purpose", "location_id", "valuation_state"),
    search_fields=("reference", "memo"),
    prepare=prepare_entry,
    creator=create_entry,
    view_base=StockEntryMeta,
)
