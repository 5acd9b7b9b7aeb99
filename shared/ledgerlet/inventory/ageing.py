"""Stock ageing: how long the stock on hand has been there, by age bucket. Pure.

Whatever an item's costing method, the units on hand are taken to be the latest that came in: incoming
rows (receipts, transfers in, customer returns, a count that raises the quantity) add dated lots, and
outgoing rows (and a count that lowers it) take from the oldest. A transfer's units age from the day they
arrived at that location. Each bucket's value is its share of the key's value at its valuation rate; the
oldest bucket with stock takes the rounding, so the buckets add up to the value exactly.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-180", 91, 180),
    ("over 180", 181, None),
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Change:
    """One live row of a key, as ageing needs it: its day and its quantity change (a count's too)."""

    day: date
    qty_change: Decimal


@dataclass(frozen=True)
class Bucket:
    label: str
    qty: Decimal
    value: Decimal


def lots_on_hand(changes: Iterable[Change]) -> list[tuple[date, Decimal]]:
    """The dated lots that make up what is on hand after ``changes`` (in posting order), oldest first."""
    lots: deque[tuple[date, Decimal]] = deque()
    for change in changes:
        if change.qty_change > 0:
            lots.append((change.day, change.qty_change))
            continue
        wanted = -change.qty_change
        while wanted > 0 and lots:
            day, qty = lots.popleft()
            taken = min(wanted, qty)
            wanted -= taken
            if qty > taken:
                lots.appendleft((day, qty - taken))
    return list(lots)


def age(changes: Sequence[Change], as_of: date, value: Decimal) -> list[Bucket]:
    """The buckets of what is on hand at ``as_of`` and its ``value``."""
    lots = lots_on_hand(changes)
    total_qty = sum((qty for _, qty in lots), Decimal(0))
    by_bucket = {label: Decimal(0) for label, _, _ in BUCKETS}
    for day, qty in lots:
        days = (as_of - day).days
        label = next(label for label, low, high in BUCKETS if days >= low and (high is None or days <= high))
        by_bucket[label] += qty
    values = {
        label: (value * qty / total_qty).quantize(CENT, rounding=ROUND_HALF_UP) if total_qty else Decimal(0)
        for label, qty in by_bucket.items()
    }
    oldest = next((label for label, _, _ in reversed(BUCKETS) if by_bucket[label]), None)
    if oldest is not None:
        values[oldest] += value - sum(values.values(), Decimal(0))
    return [Bucket(label, by_bucket[label], values[label]) for label, _, _ in BUCKETS]
