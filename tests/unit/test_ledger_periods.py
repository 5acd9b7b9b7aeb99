"""The fiscal calendar: calendar-month periods, fiscal years labelled by the year they end in."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.ledger.periods import FiscalCalendar, Period

calendars = st.integers(min_value=1, max_value=12).map(FiscalCalendar)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
periods = st.builds(Period, st.integers(min_value=1990, max_value=2090), st.integers(min_value=1, max_value=12))


def test_period_basics() -> None:
    feb = Period(2028, 2)
    assert (feb.key, feb.first_day, feb.last_day) == ("2028-02", date(2028, 2, 1), date(2028, 2, 29))
    assert Period(2026, 12).next() == Period(2027, 1)
    assert Period(2027, 1).previous() == Period(2026, 12)
    assert Period(2026, 12).last_day == date(2026, 12, 31)
    assert Period.from_key("2026-11") == Period(2026, 11)
    assert Period.containing(date(2026, 11, 30)) == Period(2026, 11)
    assert Period(2026, 1) < Period(2026, 2) < Period(2027, 1)
    assert str(Period(2026, 3)) == "2026-03"


@pytest.mark.parametrize("key", ["2026-13", "2026-1", "26-01", "2026/01", "2026-00", "abcd-01", ""])
def test_bad_period_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError, match=r"month|period key"):
        Period.from_key(key)


@given(periods)
def test_period_key_round_trips_and_sorts_in_time_order(period: Period) -> None:
    assert Period.from_key(period.key) == period
    assert period.previous() < period < period.next()
    assert period.previous().key < period.key < period.next().key
    assert period.next().previous() == period
    assert (period.next().first_day - period.last_day).days == 1


@pytest.mark.parametrize(
    ("start", "day", "fy", "first", "number"),
    [
        (1, date(2026, 1, 1), 2026, "2026-01", 1),
        (1, date(2026, 12, 31), 2026, "2026-01", 12),
        (7, date(2025, 7, 1), 2026, "2025-07", 1),
        (7, date(2026, 6, 30), 2026, "2025-07", 12),
        (7, date(2026, 7, 1), 2027, "2026-07", 1),
        (4, date(2026, 3, 31), 2026, "2025-04", 12),
        (12, date(2025, 12, 1), 2026, "2025-12", 1),
        (12, date(2026, 11, 30), 2026, "2025-12", 12),
    ],
)
def test_fiscal_year_is_labelled_by_the_year_it_ends_in(
    start: int, day: date, fy: int, first: str, number: int
) -> None:
    calendar = FiscalCalendar(start)
    assert calendar.fiscal_year(day) == fy
    assert calendar.periods_of_year(fy)[0].key == first
    assert calendar.period_number(Period.containing(day)) == number
    assert calendar.year_start(day) == Period.from_key(first).first_day
    assert calendar.year_end(day) == calendar.periods_of_year(fy)[-1].last_day


@given(calendars, days)
def test_every_date_is_in_exactly_one_period_of_exactly_one_fiscal_year(calendar: FiscalCalendar, day: date) -> None:
    fy = calendar.fiscal_year(day)
    holding = [
        (year, period)
        for year in (fy - 1, fy, fy + 1)
        for period in calendar.periods_of_year(year)
        if period.first_day <= day <= period.last_day
    ]
    assert holding == [(fy, Period.containing(day))]
    assert calendar.year_start(day) <= day <= calendar.year_end(day)
    to_date = calendar.periods_to_date(day)
    assert to_date == calendar.periods_of_year(fy)[: calendar.period_number(Period.containing(day))]
    assert to_date[0].first_day == calendar.year_start(day) and to_date[-1].contains(day)


@given(calendars, st.integers(min_value=1991, max_value=2090))
def test_periods_of_year_are_twelve_consecutive_months(calendar: FiscalCalendar, fy: int) -> None:
    months = calendar.periods_of_year(fy)
    assert len(months) == 12
    assert all(later == earlier.next() for earlier, later in pairwise(months))
    assert [calendar.period_number(p) for p in months] == list(range(1, 13))
    assert {calendar.period_fiscal_year(p) for p in months} == {fy}
    assert months[0].month == calendar.start_month
    assert calendar.periods_of_year(fy + 1)[0] == months[-1].next()


@pytest.mark.parametrize("start", [0, 13, -1])
def test_start_month_must_be_a_month(start: int) -> None:
    with pytest.raises(ValueError, match="start_month"):
        FiscalCalendar(start)
