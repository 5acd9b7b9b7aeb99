"""Stock ageing (issue 12): the units on hand are the latest that came in; buckets by days on hand, each
valued at its share of the stock's value, adding up to it exactly. Figures by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerlet.inventory.ageing import Change, age, lots_on_hand

D = Decimal


def test_the_oldest_units_go_out_first_and_the_buckets_hold_the_rest() -> None:
    """+10 on 1 Jan, +5 on 15 Feb, -12 on 1 Mar (all 10 of January and 2 of February), +4 on 20 Apr.
    On 30 Apr: 3 from 15 Feb (13 + 31 + 30 = 74 days: 61-90) and 4 from 20 Apr (10 days: 0-30).
    Value 27.00: 27.00 x 4 / 7 = 15.4285... = 15.43; 27.00 x 3 / 7 = 11.5714... = 11.57; 15.43 + 11.57 = 27.00."""
    changes = [
        Change(date(2026, 1, 1), D(10)),
        Change(date(2026, 2, 15), D(5)),
        Change(date(2026, 3, 1), D(-12)),
        Change(date(2026, 4, 20), D(4)),
    ]
    assert lots_on_hand(changes) == [(date(2026, 2, 15), D(3)), (date(2026, 4, 20), D(4))]
    buckets = {b.label: (b.qty, b.value) for b in age(changes, date(2026, 4, 30), D("27.00"))}
    assert buckets == {
        "0-30": (D(4), D("15.43")),
        "31-60": (D(0), D(0)),
        "61-90": (D(3), D("11.57")),
        "91-180": (D(0), D(0)),
        "over 180": (D(0), D(0)),
    }


def test_the_oldest_bucket_takes_the_rounding() -> None:
    """10.00 over three single units of three ages: 3.33 each would make 9.99, so the oldest gets 3.34."""
    changes = [Change(date(2025, 1, 1), D(1)), Change(date(2026, 5, 1), D(1)), Change(date(2026, 6, 25), D(1))]
    buckets = {b.label: b.value for b in age(changes, date(2026, 6, 30), D("10.00"))}
    # 2025-01-01: 545 days (over 180); 2026-05-01: 60 days (31-60); 2026-06-25: 5 days (0-30)
    assert (buckets["over 180"], buckets["31-60"], buckets["0-30"]) == (D("3.34"), D("3.33"), D("3.33"))
    assert sum(buckets.values(), D(0)) == D("10.00")


def test_a_count_that_lowers_the_stock_takes_the_oldest_and_nothing_left_has_no_age() -> None:
    changes = [Change(date(2026, 1, 1), D(5)), Change(date(2026, 2, 1), D(5)), Change(date(2026, 3, 1), D(-6))]
    assert lots_on_hand(changes) == [(date(2026, 2, 1), D(4))]
    assert lots_on_hand([Change(date(2026, 1, 1), D(2)), Change(date(2026, 1, 2), D(-3))]) == []
