"""Batches and serial numbers: which lots of a tracked item's stock are where.

An item tracked by batch (``tracking: batch``) names a batch on every movement, and each batch may expire;
an item tracked by serial (``tracking: serial``) names a serial number per unit. Costing stays per item
and location (``costing``); these are quantities beside it, kept on the hub as counters and changed in the
entry's own transaction, each on a condition, so two entries never take the same units and a refused
entry leaves every counter as it was. Tracked stock never goes below zero, whatever the negative-stock
policy: a batch or a serial number that is not there cannot be issued.

An issue that names no batch takes them *first expiring, first out* (FEFO): batches in order of expiry
(those without one last), skipping the expired, unless it writes off expired stock (an adjustment for
``expiry``, which takes the expired first).

=================  ====================================  ==========================================
item               PK                                    SK
=================  ====================================  ==========================================
batch              ``T#BATCH#<item>``                    ``<batch>``: its expiry, fixed when first received
batch balance      ``T#BATCHQTY#<item>#<location>``      ``<expiry or 9999-12-31>#<batch>``: FEFO order
                                                         (GSI1: ``T#BATCHEXPIRY``, ``<expiry>#<item>#...``)
serial number      ``T#SERIAL#<item>``                   ``<serial>``: ``in_stock`` at a location, or ``out``
=================  ====================================  ==========================================

Quantities are checked against the counters as they are now, and an issue may not predate the batch's
first arrival at the location; the running quantity of the item and location in posting order is the
stock ledger's check (``stock_ledger``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.errors import Conflict, FieldError, Unprocessable, invalid_field
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_value
from ledgerlet.hub.table import TenantTable

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ledgerlet.masterdata.contract import Item

NEVER = "9999-12-31"  # the sort key of a batch that does not expire: FEFO takes it last
IN, OUT = "in_stock", "out"
INCOMING = ("receipt", "customer_return")
OUTGOING = ("issue", "adjustment", "supplier_return")
MAX_OPERATIONS = 90  # of DynamoDB's 100 per transaction, with the entry's own writes


@dataclass(frozen=True)
class BatchBalance:
    item_id: str
    location_id: str
    batch_no: str
    qty: Decimal
    expires_on: str | None
    first_on: str | None  # when the batch first arrived at the location

    def expired_on(self, day: str) -> bool:
        return self.expires_on is not None and self.expires_on < day


class Tracker:
    """One tenant's batches and serial numbers: reads, and the operations an entry's transaction carries."""

    def __init__(self, tenant_id: str, table: TenantTable | None = None) -> None:
        self.tenant_id = tenant_id
        self.table = table or TenantTable(tenant_id)
        self.prefix = keys.tenant_prefix(tenant_id)

    # --- keys --------------------------------------------------------------------------------------

    def batch_key(self, item_id: str, batch_no: str) -> dict[str, Any]:
        return {"PK": to_value(f"{self.prefix}BATCH#{item_id}"), "SK": to_value(batch_no)}

    def balance_pk(self, item_id: str, location_id: str) -> str:
        return f"{self.prefix}BATCHQTY#{item_id}#{location_id}"

    def balance_key(self, item_id: str, location_id: str, batch_no: str, expires_on: str | None) -> dict[str, Any]:
        return {
            "PK": to_value(self.balance_pk(item_id, location_id)),
            "SK": to_value(f"{expires_on or NEVER}#{batch_no}"),
        }

    def expiry_pk(self) -> str:
        return f"{self.prefix}BATCHEXPIRY"

    def serial_key(self, item_id: str, serial_no: str) -> dict[str, Any]:
        return {"PK": to_value(f"{self.prefix}SERIAL#{item_id}"), "SK": to_value(serial_no)}

    # --- reads -------------------------------------------------------------------------------------

    def batch(self, item_id: str, batch_no: str) -> dict[str, Any] | None:
        found = self.table.db.get_item(
            TableName=self.table.table, Key=self.batch_key(item_id, batch_no), ConsistentRead=True
        )
        return from_item(found["Item"]) if "Item" in found else None

    def balances(self, item_id: str, location_id: str) -> list[BatchBalance]:
        """The batches at a location, in FEFO order (expiry, then batch number), empty ones included."""
        request: dict[str, Any] = {
            "TableName": self.table.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": to_value(self.balance_pk(item_id, location_id))},
            "ConsistentRead": True,
        }
        found: list[BatchBalance] = []
        while True:
            answer = self.table.db.query(**request)
            for raw in answer.get("Items", []):
                row = from_item(raw)
                found.append(
                    BatchBalance(
                        item_id,
                        location_id,
                        row["batch_no"],
                        Decimal(str(row.get("qty") or 0)),
                        row.get("expires_on"),
                        row.get("first_on"),
                    )
                )
            if "LastEvaluatedKey" not in answer:
                return found
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def serials(self, item_id: str, serial_nos: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The serial numbers known, by number (those never received are missing)."""
        wanted = [self.serial_key(item_id, serial_no) for serial_no in dict.fromkeys(serial_nos)]
        rows = (from_item(raw) for raw in self.table.batch_get(wanted))
        return {row["serial_no"]: row for row in rows}

    # --- resolving an entry's lots -----------------------------------------------------------------

    def resolve(
        self, entry: dict[str, Any], items: Mapping[str, Item | None], original: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The entry's lines with each tracked line's lots decided: the batches a receipt brings (with their
        expiry), the batches an issue takes (FEFO unless named), the serial numbers checked where they must
        be, and what a count changes. A return's lots default to its ``original``'s. Raises 409 naming the
        line when the stock is not there."""
        resolved = []
        for number, line in enumerate(entry["lines"]):
            item = items.get(line["item_id"])
            tracked = {**line, "original": _original_line(original, line)}
            decided = dict(line)
            if item is not None and item.tracking == "batch":
                decided["batches"] = self._batches_of(entry, number, tracked, item)
            elif item is not None and item.tracking == "serial":
                self._check_serials(entry, number, tracked)
                if entry["purpose"] == "count":
                    decided.update(self._serials_counted(entry, line))
            resolved.append(decided)
        return resolved

    def _serials_counted(self, entry: dict[str, Any], line: dict[str, Any]) -> dict[str, list[str]]:
        """What a count changes: the numbers it found that were not in stock here, and those it did not find."""
        held = set(self.serials_at(line["item_id"], entry["location_id"]))
        counted = set(line.get("serials") or [])
        return {"found": sorted(counted - held), "missing": sorted(held - counted)}

    def _batches_of(self, entry: dict[str, Any], number: int, line: dict[str, Any], item: Item) -> list[dict[str, Any]]:
        purpose, day = entry["purpose"], entry["date"]
        named = line.get("batches") or []
        if purpose == "receipt":
            return [self._received(number, lot, item, day) for lot in named]
        if purpose == "count":
            return self._counted(entry, number, line, item)
        if purpose == "customer_return":  # the batches it was issued from
            source = named or _original_lots(line)
            return [{**lot, "expires_on": self._expiry_of(item.id, lot["batch_no"])} for lot in source]
        allow_expired = purpose == "adjustment" and entry.get("reason") == "expiry"
        held = [b for b in self.balances(item.id, entry["location_id"]) if b.qty > 0]
        if purpose == "supplier_return" and not named:
            named = _original_lots(line)  # the batches it was received as
        if named:
            return [self._taken(number, lot, item, held, day, allow_expired=allow_expired) for lot in named]
        return self._fefo(number, line, item, held, day, allow_expired=allow_expired)

    def _received(self, number: int, lot: dict[str, Any], item: Item, day: str) -> dict[str, Any]:
        """A received batch's expiry: the one it has if it is known, else the line's, else its shelf life."""
        known = self.batch(item.id, lot["batch_no"])
        expires = lot.get("expires_on")
        if known is not None and known.get("expires_on") != (expires or known.get("expires_on")):
            raise invalid_field(
                f"body.lines.{number}.expires_on",
                f"batch {lot['batch_no']} expires on {known.get('expires_on') or 'no date'}",
                "stock.batch_expiry",
                batch=lot["batch_no"],
                expires=known.get("expires_on") or "-",
            )
        if known is not None:
            expires = known.get("expires_on")
        elif expires is None and item.shelf_life_days:
            expires = (date.fromisoformat(day) + timedelta(days=item.shelf_life_days)).isoformat()
        return _lot(lot["batch_no"], lot["qty"], expires)

    def _expiry_of(self, item_id: str, batch_no: str) -> str | None:
        known = self.batch(item_id, batch_no)
        return known.get("expires_on") if known else None

    @staticmethod
    def _taken(
        number: int,
        lot: dict[str, Any],
        item: Item,
        held: list[BatchBalance],
        day: str,
        *,
        allow_expired: bool,
    ) -> dict[str, Any]:
        balance = next((b for b in held if b.batch_no == lot["batch_no"]), None)
        qty = Decimal(str(lot["qty"]))
        have = balance.qty if balance and (balance.first_on or "") <= day else Decimal(0)
        if have < qty:
            raise _short(number, item, qty - have, lot["batch_no"])
        assert balance is not None
        if balance.expired_on(day) and not allow_expired:
            raise invalid_field(
                f"body.lines.{number}.batch_no",
                f"batch {balance.batch_no} of {item.code} expired on {balance.expires_on}",
                "stock.batch_expired",
                batch=balance.batch_no,
                item=item.code,
                expires=balance.expires_on,
            )
        return _lot(balance.batch_no, qty, balance.expires_on)

    @staticmethod
    def _fefo(
        number: int,
        line: dict[str, Any],
        item: Item,
        held: list[BatchBalance],
        day: str,
        *,
        allow_expired: bool,
    ) -> list[dict[str, Any]]:
        wanted = Decimal(str(line["qty"]))
        lots = []
        for balance in fefo(held, day, allow_expired):
            take = min(wanted, balance.qty)
            lots.append(_lot(balance.batch_no, take, balance.expires_on))
            wanted -= take
            if not wanted:
                return lots
        raise _short(number, item, wanted)

    def _counted(self, entry: dict[str, Any], number: int, line: dict[str, Any], item: Item) -> list[dict[str, Any]]:
        """What a count finds per batch, and the change from what the counters hold now (``change``,
        ``was``: the write's condition). Batches held but not counted are counted as none left."""
        held = {b.batch_no: b for b in self.balances(item.id, entry["location_id"])}
        counted = {lot["batch_no"]: lot for lot in line.get("batches") or []}
        lots = []
        for batch_no in sorted(set(held) | set(counted)):
            balance = held.get(batch_no)
            was = balance.qty if balance else Decimal(0)
            qty = Decimal(str(counted[batch_no]["qty"])) if batch_no in counted else Decimal(0)
            if balance is not None:
                expires = balance.expires_on
            else:
                expires = self._received(number, counted[batch_no], item, entry["date"])["expires_on"]
            if qty != was or batch_no in counted:
                lots.append({**_lot(batch_no, qty, expires), "change": _text(qty - was), "was": _text(was)})
        return lots

    def _check_serials(self, entry: dict[str, Any], number: int, line: dict[str, Any]) -> None:
        """Each serial number where the movement needs it: not in stock for a receipt, in stock at the location
        for an issue, a transfer or a return to supplier, out for a customer's return."""
        purpose, location = entry["purpose"], entry["location_id"]
        known = self.serials(line["item_id"], line.get("serials") or [])
        for serial_no in line.get("serials") or []:
            found = known.get(serial_no) or {}
            state = found.get("state")
            in_here = state == IN and found.get("location_id") == location
            if purpose == "receipt":
                fits = state != IN
            elif purpose == "customer_return":
                fits = state == OUT
            elif purpose == "count":  # found at the location, or not in stock anywhere else
                fits = state != IN or in_here
            else:
                fits = in_here
            on_original = purpose not in ("customer_return", "supplier_return") or serial_no in (
                line["original"].get("serials") or []
            )
            if not (fits and on_original):
                reason = _serial_state(found, purpose) if on_original else "not on the original entry"
                raise Conflict(
                    f"serial number {serial_no} cannot be moved so",
                    [
                        FieldError(
                            f"body.lines.{number}.serials",
                            f"{serial_no}: {reason}",
                            "stock.serial_state",
                            {"serial": serial_no, "state": reason},
                        )
                    ],
                )

    # --- operations --------------------------------------------------------------------------------

    def operations(
        self,
        entry: dict[str, Any],
        entry_id: str,
        items: Mapping[str, Item | None],
        *,
        cancel: bool = False,
    ) -> list[dict[str, Any]]:
        """The writes that move an entry's lots (``cancel``: move them back), merged per counter (DynamoDB
        takes one operation per item in a transaction). Each is conditioned on the stock being there."""
        changes: dict[tuple[str, str, str], _Change] = {}
        batches: dict[tuple[str, str], str | None] = {}
        serial_ops: list[dict[str, Any]] = []
        sign = -1 if cancel else 1
        for line in entry["lines"]:
            item = items.get(line["item_id"])
            if item is None or item.tracking is None:
                continue
            if item.tracking == "serial":
                serial_ops += self._serial_moves(entry, entry_id, line, cancel)
                continue
            for lot in line.get("batches") or []:
                for location_id, delta, exact in _deltas(entry, lot):
                    key = (line["item_id"], location_id, lot["batch_no"])
                    change = changes.setdefault(key, _Change(lot.get("expires_on")))
                    change.delta += sign * delta
                    if exact is not None and not cancel:
                        change.exact = exact
                if entry["purpose"] == "receipt" and not cancel:
                    batches[(line["item_id"], lot["batch_no"])] = lot.get("expires_on")
        operations = [
            self._batch_op(item_id, batch_no, expires, entry["date"])
            for (item_id, batch_no), expires in batches.items()
        ]
        operations += [self._balance_op(key, change, entry["date"], cancel) for key, change in changes.items()]
        return operations + serial_ops

    def _batch_op(self, item_id: str, batch_no: str, expires_on: str | None, day: str) -> dict[str, Any]:
        """A batch's record, created by its first receipt; its expiry never changes."""
        values = {":item": to_value(item_id), ":no": to_value(batch_no), ":day": to_value(day)}
        sets = "item_id = :item, batch_no = :no, first_on = if_not_exists(first_on, :day)"
        if expires_on:
            values[":expires"] = to_value(expires_on)
            sets += ", expires_on = :expires"
            condition = "attribute_not_exists(PK) OR expires_on = :expires"
        else:
            condition = "attribute_not_exists(PK) OR attribute_not_exists(expires_on)"
        return {
            "Update": {
                "TableName": self.table.table,
                "Key": self.batch_key(item_id, batch_no),
                "UpdateExpression": f"SET entity = :entity, {sets}",
                "ConditionExpression": condition,
                "ExpressionAttributeValues": {**values, ":entity": to_value("BATCH")},
            }
        }

    def _balance_op(self, key: tuple[str, str, str], change: _Change, day: str, cancel: bool) -> dict[str, Any]:
        item_id, location_id, batch_no = key
        expires = change.expires_on
        values: dict[str, Any] = {
            ":delta": to_value(change.delta),
            ":zero": to_value(0),
            ":entity": to_value("BATCHQTY"),
            ":no": to_value(batch_no),
            ":item": to_value(item_id),
            ":location": to_value(location_id),
            ":gpk": to_value(self.expiry_pk()),
            ":gsk": to_value(f"{expires or NEVER}#{item_id}#{location_id}#{batch_no}"),
            ":day": to_value(day),
            ":expires": to_value(expires),
        }
        sets = (
            "entity = :entity, batch_no = :no, item_id = :item, location_id = :location, GSI1PK = :gpk, "
            "GSI1SK = :gsk, qty = if_not_exists(qty, :zero) + :delta"
        )
        if expires:
            sets += ", expires_on = :expires"
        if change.delta > 0 and not cancel:
            sets += ", first_on = if_not_exists(first_on, :day)"
        condition = ""
        if change.exact is not None:  # a count: on the quantity it read
            values[":was"] = to_value(change.exact)
            condition = "qty = :was" if change.exact else "attribute_not_exists(qty) OR qty = :was"
        elif change.delta < 0:  # stock that is there, and was there on the entry's date
            values[":need"] = to_value(-change.delta)
            arrived = " AND (attribute_not_exists(first_on) OR first_on <= :day)"
            condition = "qty >= :need" + ("" if cancel else arrived)
        update: dict[str, Any] = {
            "TableName": self.table.table,
            "Key": self.balance_key(item_id, location_id, batch_no, expires),
            "UpdateExpression": f"SET {sets}",
            "ExpressionAttributeValues": _used(values, sets, condition),
        }
        if condition:
            update["ConditionExpression"] = condition
        return {"Update": update}

    def _serial_moves(
        self, entry: dict[str, Any], entry_id: str, line: dict[str, Any], cancel: bool
    ) -> list[dict[str, Any]]:
        purpose, here = entry["purpose"], entry["location_id"]
        original = entry.get("returns_entry_id")
        moves: list[tuple[str, _Where, _Placed]] = []
        if purpose == "count":  # what it found comes in; what it did not find goes out
            moves += [(s, _Counted(here), _In(here)) for s in line.get("found") or []]
            moves += [(s, _In(here), _Out(entry_id)) for s in line.get("missing") or []]
        for serial_no in line.get("serials") or [] if purpose != "count" else []:
            if purpose == "receipt":
                moves.append((serial_no, _New(), _In(here)))
            elif purpose == "customer_return":
                moves.append((serial_no, _Out(original), _In(here)))
            elif purpose == "transfer":
                moves.append((serial_no, _In(here), _In(entry["to_location_id"])))
            else:
                moves.append((serial_no, _In(here), _Out(entry_id)))
        expires = line.get("expires_on")
        return [
            self._serial_op(
                line["item_id"], serial_no, *(_back(before, after, entry_id) if cancel else (before, after)), expires
            )
            for serial_no, before, after in moves
        ]

    def _serial_op(
        self, item_id: str, serial_no: str, before: _Where, after: _Placed, expires: str | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {":in": to_value(IN), ":out": to_value(OUT)}
        condition = before.condition(values)
        sets = after.assign(values) + ", entity = :entity, item_id = :item, serial_no = :no"
        values.update({":entity": to_value("SERIAL"), ":item": to_value(item_id), ":no": to_value(serial_no)})
        if expires:
            values[":expires"] = to_value(expires)
            sets += ", expires_on = :expires"
        return {
            "Update": {
                "TableName": self.table.table,
                "Key": self.serial_key(item_id, serial_no),
                "UpdateExpression": f"SET {sets}",
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#state": "state"},
                "ExpressionAttributeValues": _used(values, sets, condition),
            }
        }

    def serials_at(self, item_id: str, location_id: str) -> list[str]:
        """The serial numbers of an item in stock at a location."""
        request: dict[str, Any] = {
            "TableName": self.table.table,
            "KeyConditionExpression": "PK = :pk",
            "FilterExpression": "#state = :in AND location_id = :location",
            "ExpressionAttributeNames": {"#state": "state"},
            "ExpressionAttributeValues": {
                ":pk": to_value(f"{self.prefix}SERIAL#{item_id}"),
                ":in": to_value(IN),
                ":location": to_value(location_id),
            },
            "ConsistentRead": True,
        }
        found: list[str] = []
        while True:
            answer = self.table.db.query(**request)
            found += [from_item(raw)["serial_no"] for raw in answer.get("Items", [])]
            if "LastEvaluatedKey" not in answer:
                return found
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def fefo(held: Iterable[BatchBalance], day: str, allow_expired: bool = False) -> list[BatchBalance]:
    """The batches to take, first expiring first out: by expiry, those without one last; the expired are
    skipped (or, writing off expired stock, taken first), and so are batches that arrived after ``day``."""
    usable = [b for b in held if b.qty > 0 and (b.first_on or "") <= day and (allow_expired or not b.expired_on(day))]
    return sorted(usable, key=lambda b: (b.expires_on or NEVER, b.batch_no))


@dataclass
class _Change:
    expires_on: str | None
    delta: Decimal = Decimal(0)
    exact: Decimal | None = None  # a count's: the quantity it read, written on that condition


@dataclass(frozen=True)
class _New:
    def condition(self, values: dict[str, Any]) -> str:
        return "attribute_not_exists(PK) OR #state <> :in"


@dataclass(frozen=True)
class _In:
    location_id: str | None

    def condition(self, values: dict[str, Any]) -> str:
        values[":here"] = to_value(self.location_id)
        return "#state = :in AND location_id = :here"

    def assign(self, values: dict[str, Any]) -> str:
        values[":there"] = to_value(self.location_id)
        return "#state = :in, location_id = :there"


@dataclass(frozen=True)
class _Counted:
    location_id: str

    def condition(self, values: dict[str, Any]) -> str:
        values[":here"] = to_value(self.location_id)
        return "attribute_not_exists(PK) OR #state <> :in OR location_id = :here"


@dataclass(frozen=True)
class _Out:
    entry_id: str | None

    def condition(self, values: dict[str, Any]) -> str:
        if not self.entry_id:
            return "#state = :out"
        values[":by"] = to_value(self.entry_id)
        return "#state = :out AND out_entry = :by"

    def assign(self, values: dict[str, Any]) -> str:
        values[":by"] = to_value(self.entry_id)
        return "#state = :out, out_entry = :by"


_Where = _New | _In | _Counted | _Out  # where a serial number must be before a move
_Placed = _In | _Out  # where a move puts it


def _back(before: _Where, after: _Placed, entry_id: str) -> tuple[_Where, _Placed]:
    """A move undone: from where it put the number back to where it was (a new one: out, by this entry)."""
    if isinstance(before, (_New, _Counted)):
        return after, _Out(entry_id)
    return after, before


def _used(values: dict[str, Any], *expressions: str) -> dict[str, Any]:
    """The values the expressions name (DynamoDB refuses any other)."""
    text = " ".join(expressions)
    return {name: value for name, value in values.items() if re.search(re.escape(name) + r"(?![A-Za-z0-9_])", text)}


def _deltas(entry: dict[str, Any], lot: dict[str, Any]) -> list[tuple[str, Decimal, Decimal | None]]:
    """Where a lot changes a batch's quantity: (location, change, the quantity a count read)."""
    qty = Decimal(str(lot["qty"]))
    purpose, here = entry["purpose"], entry["location_id"]
    if purpose in INCOMING:
        return [(here, qty, None)]
    if purpose in OUTGOING:
        return [(here, -qty, None)]
    if purpose == "transfer":
        return [(here, -qty, None), (entry["to_location_id"], qty, None)]
    return [(here, Decimal(str(lot["change"])), Decimal(str(lot["was"])))]


def _original_line(original: dict[str, Any] | None, line: dict[str, Any]) -> dict[str, Any]:
    if original is None or line.get("original_line") is None:
        return {}
    return dict(original["lines"][int(line["original_line"])])


def _original_lots(line: dict[str, Any]) -> list[dict[str, Any]]:
    """A returned line's batches: those of its line on the original, in order, up to the quantity returned."""
    wanted, taken = Decimal(str(line["qty"])), []
    for lot in line["original"].get("batches") or []:
        take = min(wanted, Decimal(str(lot["qty"])))
        if take:
            taken.append({"batch_no": lot["batch_no"], "qty": take})
        wanted -= take
    return taken


def _lot(batch_no: str, qty: Any, expires_on: str | None) -> dict[str, Any]:
    lot = {"batch_no": batch_no, "qty": _text(Decimal(str(qty)))}
    if expires_on:
        lot["expires_on"] = expires_on
    return lot


def _text(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount else "0"


def _short(number: int, item: Item, short: Decimal, batch_no: str | None = None) -> Conflict:
    where = f"batch {batch_no} of {item.code}" if batch_no else f"{item.code} in batches not expired"
    field = f"body.lines.{number}.batch_no" if batch_no else f"body.lines.{number}.qty"
    return Conflict(
        f"not enough stock of {item.code}",
        [
            FieldError(
                field,
                f"{where}: {short:f} short",
                "stock.batch_short",
                {"item": item.code, "batch": batch_no or "-", "short": f"{short:f}"},
            )
        ],
    )


def _serial_state(found: dict[str, Any], purpose: str) -> str:
    if not found:
        return "never received"
    if found["state"] == IN:
        return f"in stock at {found.get('location_id')}" if purpose != "receipt" else "already in stock"
    return "not in stock"


def checked_lines(purpose: str, lines: list[dict[str, Any]], items: Mapping[str, Item | None]) -> list[dict[str, Any]]:
    """Each line's batches or serial numbers as its item's tracking asks (422 naming the field): a batch
    item's ``batch_no`` becomes its one lot in ``batches``; a serial item names a number per unit."""
    checked = []
    serials_seen: set[tuple[str, str]] = set()
    counted: set[str] = set()
    for number, given in enumerate(lines):
        item = items[given["item_id"]]
        assert item is not None
        at = f"body.lines.{number}"
        tracking = item.tracking
        line = dict(given)
        batch_field = f"{at}.batch_no" if line.get("batch_no") else f"{at}.batches"
        if line.get("batch_no"):
            lot = {"batch_no": line.pop("batch_no"), "qty": line["qty"]}
            if line.get("expires_on") and tracking == "batch":
                lot["expires_on"] = line.pop("expires_on")
            line["batches"] = [lot]
        if line.get("batches") and tracking != "batch":
            raise _untracked(batch_field, item)
        if line.get("serials") and tracking != "serial":
            raise _untracked(f"{at}.serials", item)
        if line.get("expires_on") and (tracking != "serial" or purpose != "receipt"):
            raise invalid_field(f"{at}.expires_on", "an expiry date is for receipts of tracked items", "stock.expiry")
        qty = Decimal(str(line["qty"]))
        if tracking == "batch":
            _check_batches(at, purpose, line, qty, item)
        elif tracking == "serial":
            _check_serials_named(at, line, qty, item, serials_seen)
        if tracking and purpose == "count":
            if line["item_id"] in counted:
                raise invalid_field(f"{at}.item_id", f"{item.code} is counted on one line", "stock.count_twice")
            counted.add(line["item_id"])
        checked.append(line)
    return checked


def _check_batches(at: str, purpose: str, line: dict[str, Any], qty: Decimal, item: Item) -> None:
    lots = line.get("batches") or []
    if not lots and (purpose == "receipt" or (purpose == "count" and qty)):
        raise invalid_field(
            f"{at}.batch_no", f"{item.code} is tracked by batch: name the batch", "stock.batch_required", item=item.code
        )
    if not lots:
        return
    numbers = [lot["batch_no"] for lot in lots]
    if len(set(numbers)) != len(numbers):
        raise invalid_field(f"{at}.batches", "each batch appears once on a line", "stock.batch_twice")
    if sum(Decimal(str(lot["qty"])) for lot in lots) != qty:
        raise invalid_field(f"{at}.batches", "the batches' quantities add up to the line's", "stock.batch_qty")
    if purpose not in ("receipt", "count") and any(lot.get("expires_on") for lot in lots):
        raise invalid_field(f"{at}.batches", "an expiry date is given when the batch is received", "stock.expiry")


def _check_serials_named(at: str, line: dict[str, Any], qty: Decimal, item: Item, seen: set[tuple[str, str]]) -> None:
    serials = line.get("serials") or []
    if len(serials) != qty:
        raise invalid_field(
            f"{at}.serials",
            f"{item.code} is tracked by serial number: name one for each of the {qty:f} units",
            "stock.serial_count",
            item=item.code,
            qty=f"{qty:f}",
        )
    for serial_no in serials:
        if (item.id, serial_no) in seen:
            raise invalid_field(f"{at}.serials", f"{serial_no} appears twice", "stock.serial_twice", serial=serial_no)
        seen.add((item.id, serial_no))


def _untracked(field: str, item: Item) -> Unprocessable:
    """A batch named for an item that is not tracked by batch, or serial numbers for one not tracked by them."""
    tracked_by = {"batch": "batch", "serial": "serial number"}.get(item.tracking or "", "neither batch nor serial")
    return invalid_field(field, f"{item.code} is tracked by {tracked_by}", "stock.tracking", item=item.code)
