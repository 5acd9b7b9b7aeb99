"""The fiscal calendar: calendar-month accounting periods grouped into fiscal years.

Ledger balances are kept per calendar month (``Period``, key ``"2026-11"``). A company's fiscal year
is twelve consecutive months starting in ``FiscalCalendar.start_month``.

Fiscal years are labelled by the calendar year in which they END, as Malaysian companies label them
(and as LHDN's year of assessment follows the financial year end): with a July start, the year from
1 July 2025 to 30 June 2026 is "FY2026". With a January start the fiscal year is the calendar year.

    >>> FiscalCalendar(7).fiscal_year(date(2025, 7, 1))
    2026
    >>> [p.key for p in FiscalCalendar(7).periods_of_year(2026)][:2]
    ['2025-07', '2025-08']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """One calendar month; ordered by time (year, then month)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year must be 1..9999, got {self.year}")

    @property
    def key(self) -> str:
        """``"YYYY-MM"``, the period's key in ledger balances; sorts in time order as text."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the month (28 February, 29 in a leap year, ...)."""
        if self.month == 12:
            return date(self.year, 12, 31)
        return date(self.year, self.month + 1, 1) - timedelta(days=1)

    def shifted(self, months: int) -> Period:
        """The period ``months`` later (earlier when negative)."""
        index = self.year * 12 + self.month - 1 + months
        return Period(index // 12, index % 12 + 1)

    def next(self) -> Period:
        """The following month."""
        return self.shifted(1)

    def previous(self) -> Period:
        """The preceding month."""
        return self.shifted(-1)

    def contains(self, d: date) -> bool:
        """Whether ``d`` falls in this month."""
        return (d.year, d.month) == (self.year, self.month)

    @classmethod
    def from_key(cls, key: str) -> Period:
        """The period of a ``"YYYY-MM"`` key; raises ``ValueError`` on anything else."""
        year, sep, month = key.partition("-")
        if not (sep and len(year) == 4 and len(month) == 2 and year.isdigit() and month.isdigit()):
            raise ValueError(f"not a period key (YYYY-MM): {key!r}")
        return cls(int(year), int(month))

    @classmethod
    def containing(cls, d: date) -> Period:
        """The month ``d`` falls in."""
        return cls(d.year, d.month)

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, slots=True)
class FiscalCalendar:
    """A company's fiscal year: twelve months from ``start_month`` (1 = January ... 12 = December).

    A fiscal year is labelled by the calendar year in which it ends (see the module docstring).
    """

    start_month: int = 1

    def __post_init__(self) -> None:
        if not (isinstance(self.start_month, int) and 1 <= self.start_month <= 12):
            raise ValueError(f"start_month must be 1..12, got {self.start_month!r}")

    def fiscal_year(self, d: date) -> int:
        """The fiscal year ``d`` belongs to, labelled by the calendar year in which that year ends."""
        return self.period_fiscal_year(Period.containing(d))

    def period_fiscal_year(self, period: Period) -> int:
        """The fiscal year ``period`` belongs to."""
        if self.start_month > 1 and period.month >= self.start_month:
            return period.year + 1
        return period.year

    def first_period(self, fy: int) -> Period:
        """The first period of fiscal year ``fy``."""
        return Period(fy - 1 if self.start_month > 1 else fy, self.start_month)

    def periods_of_year(self, fy: int) -> tuple[Period, ...]:
        """The twelve periods of fiscal year ``fy``, in order."""
        first = self.first_period(fy)
        return tuple(first.shifted(n) for n in range(12))

    def period_number(self, period: Period) -> int:
        """The position of ``period`` in its fiscal year, 1 (first month) to 12 (year-end month)."""
        return (period.month - self.start_month) % 12 + 1

    def year_start(self, d: date) -> date:
        """The first day of the fiscal year containing ``d``."""
        return self.first_period(self.fiscal_year(d)).first_day

    def year_end(self, d: date) -> date:
        """The last day of the fiscal year containing ``d``."""
        return self.first_period(self.fiscal_year(d)).shifted(11).last_day

    def periods_to_date(self, d: date) -> tuple[Period, ...]:
        """The periods from the start of ``d``'s fiscal year through the period containing ``d``."""
        current = Period.containing(d)
        first = self.first_period(self.fiscal_year(d))
        return tuple(first.shifted(n) for n in range(self.period_number(current)))


def period_keys(first: str, last: str) -> list[str]:
    """Every period key from ``first`` to ``last`` inclusive (empty when ``first`` is later)."""
    start, end = Period.from_key(first), Period.from_key(last)
    keys = []
    while start <= end:
        keys.append(start.key)
        start = start.next()
    return keys
