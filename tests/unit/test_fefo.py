"""First expiring, first out (issue 12): which batches an issue takes when it names none."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.inventory.tracking import BatchBalance, fefo

DAY = "2026-09-01"


def batch(no: str, qty: int, expires: str | None, first_on: str = "2026-07-01") -> BatchBalance:
    return BatchBalance("itm", "loc", no, Decimal(qty), expires, first_on)


def test_the_first_expiring_comes_first_and_the_undated_last() -> None:
    held = [batch("C", 4, None), batch("A", 10, "2026-12-31"), batch("B", 5, "2026-09-30")]
    assert [b.batch_no for b in fefo(held, DAY)] == ["B", "A", "C"]


def test_the_expired_the_empty_and_the_not_yet_arrived_are_skipped() -> None:
    held = [
        batch("OLD", 3, "2026-08-31"),  # expired the day before
        batch("TODAY", 3, "2026-09-01"),  # expires today: still good today
        batch("EMPTY", 0, "2026-09-02"),
        batch("LATER", 3, "2026-09-03", first_on="2026-09-02"),  # arrives after the date
    ]
    assert [b.batch_no for b in fefo(held, DAY)] == ["TODAY"]
    # Writing off expired stock takes the expired first
    assert [b.batch_no for b in fefo(held, DAY, allow_expired=True)] == ["OLD", "TODAY"]


expiries = st.one_of(st.none(), st.integers(-60, 60).map(lambda d: (date(2026, 9, 1) + timedelta(days=d)).isoformat()))
balances = st.lists(
    st.builds(batch, st.text("ABCDEFG", min_size=1, max_size=3), st.integers(0, 20), expiries), max_size=12
)


@given(balances)
def test_fefo_takes_only_usable_batches_in_order_of_expiry(held: list[BatchBalance]) -> None:
    taken = fefo(held, DAY)
    usable = [b for b in held if b.qty > 0 and (b.expires_on is None or b.expires_on >= DAY)]
    assert sorted(taken, key=id) == sorted(usable, key=id)  # exactly the usable ones
    keys = [(b.expires_on or "9999-12-31", b.batch_no) for b in taken]
    assert keys == sorted(keys)
