"""The stock engine: movements in, stock-ledger rows out. Pure: no clock, no storage, no floats.

Every item at every location (a *key*) has a :class:`Valuation`: quantity, value, valuation rate and,
under FIFO, a queue of layers. :func:`cost` applies movements in posting order (date, time, entry order)
and returns one :class:`StockRow` per movement with what changed and the key's valuation after it.
The README's "Inventory: how stock is costed" states every rule; the comments below point at them.

Re-costing after a back-dated or cancelled movement is the same call on the later movements of the keys
concerned, with ``opening`` (each key's valuation before the point) and ``earlier`` (rows before the
point that later movements refer to: a transfer's source row, a returned movement's row). The rows it
returns are exactly the tail that costing everything from the start would return.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import date
    from typing import Literal

    Kind = Literal["receipt", "issue", "transfer_out", "transfer_in", "customer_return", "supplier_return", "count"]
    Method = Literal["fifo", "moving_average"]

ZERO = Decimal(0)
INCOMING = frozenset({"receipt", "transfer_in", "customer_return"})
OUTGOING = frozenset({"issue", "transfer_out", "supplier_return"})


@dataclass(frozen=True, slots=True)
class Layer:
    """``qty`` units at ``rate`` each: one FIFO layer (negative ``qty`` for stock issued before it came)."""

    qty: Decimal
    rate: Decimal


@dataclass(frozen=True, slots=True)
class Valuation:
    """One key's stock after a row. ``rate`` is ``None`` until the key has had one."""

    qty: Decimal = ZERO
    value: Decimal = ZERO
    rate: Decimal | None = None
    queue: tuple[Layer, ...] = ()


@dataclass(frozen=True, slots=True)
class Movement:
    """Stock moving in or out of one key. ``qty`` is positive; the kind says which way (a count's ``qty``
    is the quantity counted)."""

    id: str
    item_id: str
    location_id: str
    posted_on: date
    posted_at: str
    seq: int
    kind: Kind
    qty: Decimal
    rate: Decimal | None = None
    landed_cost: Decimal = ZERO
    original_id: str | None = None
    transfer_id: str | None = None
    cancelled: bool = False
    books_to: str = ""  # for the books only: "adjustment" when an issue is a write-off, not a sale

    @property
    def key(self) -> tuple[str, str]:
        return (self.item_id, self.location_id)

    @property
    def order(self) -> tuple[date, str, int]:
        """Posting order: date, then time, then entry order."""
        return (self.posted_on, self.posted_at, self.seq)


@dataclass(frozen=True, slots=True)
class Policy:
    """How an item is costed: its method, whether stock may go negative, the rate for a key that never had
    one, and the currency's decimal places."""

    method: Method
    allow_negative: bool = False
    fallback_rate: Decimal | None = None
    places: int = 2


@dataclass(frozen=True, slots=True)
class StockRow:
    """What one movement did to its key. ``rate`` is the rate the stock came in or went out at (an
    outgoing row's is ``-value_change / qty``); ``layers`` are the layers that came in or went out, so a
    transfer's destination receives exactly what left its source. ``value_in`` is what an incoming row
    brought (a receipt's cost), which differs from ``value_change`` when it refills a negative balance."""

    movement: Movement
    qty_change: Decimal
    value_change: Decimal
    rate: Decimal
    after: Valuation
    layers: tuple[Layer, ...] = ()
    value_in: Decimal = ZERO


class NegativeStock(ValueError):
    """A movement would take a key below zero and the item's policy refuses negative stock."""

    def __init__(self, movement: Movement, short: Decimal) -> None:
        super().__init__(f"{movement.item_id} at {movement.location_id} is short by {short} for {movement.id}")
        self.item_id = movement.item_id
        self.location_id = movement.location_id
        self.movement_id = movement.id
        self.short = short


def cost(
    movements: Iterable[Movement],
    policies: Mapping[str, Policy],
    opening: Mapping[tuple[str, str], Valuation] | None = None,
    earlier: Iterable[StockRow] = (),
) -> list[StockRow]:
    """The rows of every movement not cancelled, in posting order, from each key's ``opening`` valuation."""
    states = dict(opening or {})
    rows_by_id = {row.movement.id: row for row in earlier}
    rows: list[StockRow] = []
    for movement in sorted((m for m in movements if not m.cancelled), key=lambda m: m.order):
        before = states.get(movement.key, Valuation())
        row = _apply(movement, before, policies[movement.item_id], rows_by_id)
        states[movement.key] = row.after
        rows_by_id[movement.id] = row
        rows.append(row)
    return rows


def _apply(movement: Movement, before: Valuation, policy: Policy, rows_by_id: Mapping[str, StockRow]) -> StockRow:
    if movement.kind == "count":
        return _count(movement, before, policy)
    if movement.kind in INCOMING:
        value, layers = _incoming(movement, policy, rows_by_id)
        return _receive(movement, before, policy, value, layers)
    preferred = None
    if movement.kind == "supplier_return":  # at the original receipt's rate, landed cost included
        preferred = _row(rows_by_id, movement.original_id, movement).rate
    return _issue(movement, before, policy, preferred)


def _row(rows_by_id: Mapping[str, StockRow], movement_id: str | None, movement: Movement) -> StockRow:
    row = rows_by_id.get(movement_id or "")
    if row is None:
        raise KeyError(f"{movement.id} refers to {movement_id}, which has no row before it")
    return row


def _incoming(
    movement: Movement, policy: Policy, rows_by_id: Mapping[str, StockRow]
) -> tuple[Decimal, tuple[Layer, ...]]:
    """The value that comes in and its layers."""
    qty = movement.qty
    if movement.kind == "transfer_in":  # the value that left the source, its layers one to one
        source = _row(rows_by_id, movement.transfer_id, movement)
        return -source.value_change, source.layers
    if movement.kind == "customer_return":  # at the original issue's rate, as a receipt at that rate
        value = _round(qty * _row(rows_by_id, movement.original_id, movement).rate, policy)
    else:
        value = _round(_round(qty * (movement.rate or ZERO), policy) + movement.landed_cost, policy)
    return value, (Layer(qty, value / qty),)


def _receive(
    movement: Movement, before: Valuation, policy: Policy, value_in: Decimal, layers: tuple[Layer, ...]
) -> StockRow:
    qty = before.qty + movement.qty
    rate_in = value_in / movement.qty
    fifo = policy.method == "fifo"
    if before.qty >= 0:
        value = before.value + value_in
        after = Valuation(qty, value, value / qty, before.queue + layers if fifo else ())
    elif qty > 0:  # refills a negative balance: revalued at the incoming rate, this row absorbs the difference
        after = Valuation(qty, _round(qty * rate_in, policy), rate_in, (Layer(qty, rate_in),) if fifo else ())
    else:  # fills it exactly or in part: the old rate stays until the next receipt
        old = before.rate if before.rate is not None else rate_in
        after = Valuation(qty, _round(qty * old, policy), old, (Layer(qty, old),) if fifo and qty else ())
    return StockRow(movement, movement.qty, after.value - before.value, rate_in, after, layers, value_in)


def _issue(movement: Movement, before: Valuation, policy: Policy, preferred: Decimal | None) -> StockRow:
    qty = before.qty - movement.qty
    if qty < 0 and not policy.allow_negative:
        raise NegativeStock(movement, movement.qty - max(before.qty, ZERO))
    if policy.method == "fifo":
        queue, out = _consume(before, movement.qty, policy, preferred)
        value_out = sum((layer.qty * layer.rate for layer in out), ZERO)
    else:
        rate = preferred if preferred is not None else _last_known_rate(before, policy)
        queue, out, value_out = (), (Layer(movement.qty, rate),), movement.qty * rate
    # An issue that empties the key takes exactly what is left
    value_change = -before.value if qty == 0 else -_round(value_out, policy)
    value = before.value + value_change
    if qty == 0:
        rate_after = before.rate if before.rate is not None else _last_known_rate(before, policy)
    elif policy.method == "fifo" or preferred is not None:
        rate_after = value / qty
    else:
        rate_after = _last_known_rate(before, policy)
    row_rate = -value_change / movement.qty
    return StockRow(movement, -movement.qty, value_change, row_rate, Valuation(qty, value, rate_after, queue), out)


def _consume(
    before: Valuation, wanted: Decimal, policy: Policy, preferred: Decimal | None
) -> tuple[tuple[Layer, ...], tuple[Layer, ...]]:
    """FIFO: (the queue left, the layers taken). The layer at ``preferred`` rate goes first, then the oldest;
    beyond what is on hand, a negative layer at the last known rate."""
    queue = [layer for layer in before.queue if layer.qty > 0]
    order = list(range(len(queue)))
    if preferred is not None:
        match = next((i for i, layer in enumerate(queue) if layer.rate == preferred), None)
        if match is not None:
            order.remove(match)
            order.insert(0, match)
    left = {i: layer.qty for i, layer in enumerate(queue)}
    taken: list[Layer] = []
    for i in order:
        if wanted == 0:
            break
        take = min(left[i], wanted)
        taken.append(Layer(take, queue[i].rate))
        left[i] -= take
        wanted -= take
    remaining = tuple(Layer(left[i], layer.rate) for i, layer in enumerate(queue) if left[i] > 0)
    if wanted == 0:
        return remaining, tuple(taken)
    # Beyond what is on hand: at the last layer taken's rate, or the negative layer's, or the last rate
    rate = taken[-1].rate if taken else _last_known_rate(before, policy)
    negative = next((layer.qty for layer in before.queue if layer.qty < 0), ZERO)
    return (Layer(negative - wanted, rate),), (*taken, Layer(wanted, rate))


def _last_known_rate(before: Valuation, policy: Policy) -> Decimal:
    if before.queue:
        return before.queue[-1].rate
    if before.rate is not None:
        return before.rate
    return policy.fallback_rate if policy.fallback_rate is not None else ZERO


def _count(movement: Movement, before: Valuation, policy: Policy) -> StockRow:
    """A stock count (or opening stock) sets the quantity and the rate at its point in time."""
    rate = movement.rate if movement.rate is not None else _last_known_rate(before, policy)
    counted = movement.qty
    queue = (Layer(counted, rate),) if policy.method == "fifo" and counted else ()
    after = Valuation(counted, _round(counted * rate, policy), rate, queue)
    return StockRow(movement, counted - before.qty, after.value - before.value, rate, after, queue)


def _round(amount: Decimal, policy: Policy) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-policy.places), rounding=ROUND_HALF_UP) + 0
