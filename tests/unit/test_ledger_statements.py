"""Statements from balances: the trial balance and balance sheet balance for any valid ledger, profit
folds into current year earnings, and the comparison column is the same statement over other periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.ledger.entries import NO_DIMENSIONS, Dimensions, JournalEntry, JournalLine
from ledgerlet.ledger.periods import FiscalCalendar, Period
from ledgerlet.ledger.statements import (
    AccountInfo,
    BalanceRow,
    balance_rows,
    balance_sheet,
    dimension_filter,
    profit_and_loss,
    trial_balance,
    with_comparison,
)
from ledgerlet.reference.sme_chart import SME_CHART, SYSTEM_ACCOUNTS
from tests.unit.test_ledger_entries import CURRENT_YEAR_EARNINGS, RETAINED_EARNINGS, ledgers

ACCOUNTS = {
    seed.code: AccountInfo(seed.code, seed.code, seed.name, seed.type, seed.subtype, seed.parent_code, seed.is_header)
    for seed in SME_CHART
}
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
calendars = st.integers(min_value=1, max_value=12).map(FiscalCalendar)
KL = Dimensions(branch="org_kl")
FIRST = Period(2024, 1)


def periods_through(last: Period) -> list[str]:
    """Every period key from January 2024 (before any generated entry) through ``last``."""
    keys, first = [], FIRST
    while first <= last:
        keys.append(first.key)
        first = first.next()
    return keys


def myr(account: str, amount: str, dims: Dimensions = NO_DIMENSIONS) -> JournalLine:
    return JournalLine(account, Decimal(amount), "MYR", Decimal(amount), dims)


def entry(entry_id: str, on: date, *lines: JournalLine) -> JournalEntry:
    return JournalEntry(entry_id, on, lines)


# A small ledger: capital, a sale, its cost, rent, a return, depreciation; one earlier-year sale.
EXAMPLE = (
    entry("je_0", date(2025, 6, 1), myr("1030", "500.00"), myr("4100", "-500.00")),  # FY2025 sale
    entry("je_1", date(2026, 1, 2), myr("1030", "10000.00"), myr("3100", "-10000.00")),
    entry("je_2", date(2026, 1, 5), myr("1100", "3000.00", KL), myr("4100", "-3000.00", KL)),
    entry("je_3", date(2026, 1, 5), myr("5010", "1800.00", KL), myr("1200", "-1800.00")),
    entry("je_4", date(2026, 2, 1), myr("6110", "1500.00"), myr("1030", "-1500.00")),
    entry("je_5", date(2026, 2, 9), myr("4300", "200.00", KL), myr("1100", "-200.00", KL)),
    entry("je_6", date(2026, 2, 28), myr("6160", "100.00"), myr("1511", "-100.00")),
    entry("je_7", date(2026, 2, 28), myr("9100", "50.00"), myr("2500", "-50.00")),
    entry("je_8", date(2026, 2, 28), myr("1200", "2000.00"), myr("2100", "-2000.00")),
)
ROWS = balance_rows(EXAMPLE)
JAN_FEB_2026 = ["2026-01", "2026-02"]


# --- trial balance ----------------------------------------------------------------------------------


@given(ledgers(DAYS))
def test_trial_balance_of_any_valid_ledger_balances(ledger: tuple[JournalEntry, ...]) -> None:
    tb = trial_balance(balance_rows(ledger), ACCOUNTS)
    assert tb.is_balanced and tb.total_debit == tb.total_credit
    per_currency: dict[str, Decimal] = {}
    for line in tb.lines:
        assert line.debit >= 0 and line.credit >= 0 and not (line.debit and line.credit)
        assert line.debit - line.credit == line.balance
        for currency, amount in line.by_currency.items():
            per_currency[currency] = per_currency.get(currency, Decimal(0)) + amount
    assert all(total == 0 for total in per_currency.values())
    codes = [line.account.code for line in tb.lines]
    assert codes == sorted(codes)


def test_trial_balance_shows_each_balance_on_one_side() -> None:
    tb = trial_balance(ROWS, ACCOUNTS.values(), JAN_FEB_2026)
    lines = {line.account.code: line for line in tb.lines}
    assert (lines["1030"].debit, lines["1030"].credit) == (Decimal("8500.00"), Decimal(0))
    assert (lines["4100"].debit, lines["4100"].credit, lines["4100"].balance) == (
        Decimal(0),
        Decimal("3000.00"),
        Decimal("-3000.00"),
    )
    assert dict(lines["4100"].by_currency) == {"MYR": Decimal("-3000.00")}
    assert tb.total_debit == tb.total_credit == Decimal("15150.00")
    assert "1010" not in lines
    assert "1010" in {line.account.code for line in trial_balance(ROWS, ACCOUNTS, include_zero=True).lines}


def test_trial_balance_filters_by_dimensions() -> None:
    tb = trial_balance(ROWS, ACCOUNTS, None, dimension_filter(branch="org_kl"))
    assert {line.account.code: line.balance for line in tb.lines} == {
        "1100": Decimal("2800.00"),
        "4100": Decimal("-3000.00"),
        "4300": Decimal("200.00"),
        "5010": Decimal("1800.00"),
    }
    assert not tb.is_balanced  # the inventory side of je_3 carries no branch


def test_rows_for_unknown_accounts_are_refused() -> None:
    row = BalanceRow("nope", "2026-01", Dimensions().key(), Decimal(1), Decimal(0))
    with pytest.raises(ValueError, match="unknown account 'nope'"):
        trial_balance([row], ACCOUNTS)


# --- balance sheet ----------------------------------------------------------------------------------


def test_balance_sheet_layout_signs_and_earnings() -> None:
    sheet = balance_sheet(ROWS, ACCOUNTS, ["2025-06", *JAN_FEB_2026], CURRENT_YEAR_EARNINGS, FiscalCalendar(1))
    assert (sheet.fiscal_year, sheet.as_of) == (2026, "2026-02")
    # current year: 3000 - 200 - 1800 - 1500 - 100 - 50 = -650 (a loss); FY2025: 500 profit
    assert sheet.current_year_earnings == Decimal("-650.00")
    assert sheet.retained_earnings == Decimal("500.00")
    assert [group.header.code for group in sheet.assets.groups if group.header] == ["1000", "1500"]
    ppe = sheet.assets.groups[1]
    assert [(line.account.code, line.amount) for line in ppe.lines] == [("1511", Decimal("-100.00"))]
    assert ppe.subtotal == Decimal("-100.00")
    assert sheet.liabilities.total == Decimal("2050.00")  # shown positive
    assert sheet.equity.amount_of("3100") == Decimal("10000.00")
    assert sheet.total_assets == Decimal("11900.00") == sheet.total_liabilities_and_equity
    assert sheet.total_liabilities + sheet.total_equity == sheet.total_assets
    assert sheet.is_balanced
    for section in (sheet.assets, sheet.liabilities, sheet.equity):
        assert section.total == sum(group.subtotal for group in section.groups)
        for group in section.groups:
            assert group.subtotal == sum(line.amount for line in group.lines)


@given(ledgers(DAYS), calendars, DAYS)
def test_balance_sheet_balances_for_any_ledger(
    ledger: tuple[JournalEntry, ...], calendar: FiscalCalendar, as_of: date
) -> None:
    rows = balance_rows(ledger)
    sheet = balance_sheet(rows, ACCOUNTS, periods_through(Period.containing(as_of)), CURRENT_YEAR_EARNINGS, calendar)
    assert sheet.is_balanced
    assert sheet.fiscal_year == calendar.fiscal_year(as_of)
    # profit of the fiscal year to date is the current year earnings; earlier years' is retained
    this_year = [p.key for p in calendar.periods_to_date(as_of)]
    assert profit_and_loss(rows, ACCOUNTS, this_year).net_profit == sheet.current_year_earnings
    earlier = [key for key in periods_through(Period.containing(as_of)) if key not in this_year]
    assert profit_and_loss(rows, ACCOUNTS, earlier).net_profit == sheet.retained_earnings


@given(ledgers(DAYS), calendars, st.dates(min_value=date(2024, 2, 1), max_value=date(2026, 12, 31)))
def test_net_profit_of_a_month_is_the_change_in_current_year_earnings(
    ledger: tuple[JournalEntry, ...], calendar: FiscalCalendar, day: date
) -> None:
    rows = balance_rows(ledger)
    month = Period.containing(day)

    def earnings_at(period: Period) -> Decimal:
        sheet = balance_sheet(rows, ACCOUNTS, periods_through(period), CURRENT_YEAR_EARNINGS, calendar)
        return sheet.current_year_earnings + sheet.retained_earnings

    change = earnings_at(month) - earnings_at(month.previous())
    assert profit_and_loss(rows, ACCOUNTS, [month.key]).net_profit == change
    if calendar.period_number(month) > 1:
        before = balance_sheet(rows, ACCOUNTS, periods_through(month.previous()), CURRENT_YEAR_EARNINGS, calendar)
        after = balance_sheet(rows, ACCOUNTS, periods_through(month), CURRENT_YEAR_EARNINGS, calendar)
        assert after.current_year_earnings - before.current_year_earnings == change


def test_earlier_profit_needs_a_retained_earnings_account() -> None:
    accounts = {key: info for key, info in ACCOUNTS.items() if key != RETAINED_EARNINGS}
    with pytest.raises(ValueError, match="no retained earnings account"):
        balance_sheet(ROWS, accounts, ["2025-06", "2026-01"], CURRENT_YEAR_EARNINGS, FiscalCalendar(1))
    with pytest.raises(ValueError, match="not an equity account"):
        balance_sheet(ROWS, ACCOUNTS, ["2026-01"], SYSTEM_ACCOUNTS["cash"], FiscalCalendar(1))


# --- profit and loss --------------------------------------------------------------------------------


def test_profit_and_loss_layout_and_signs() -> None:
    pl = profit_and_loss(ROWS, ACCOUNTS, JAN_FEB_2026)
    assert [(line.account.code, line.amount) for line in pl.revenue.lines] == [
        ("4100", Decimal("3000.00")),
        ("4300", Decimal("-200.00")),  # returns reduce revenue
    ]
    assert pl.revenue.total == Decimal("2800.00")
    assert pl.cost_of_sales.total == Decimal("1800.00")
    assert pl.gross_profit == Decimal("1000.00")
    assert pl.other_income.total == 0
    assert [group.header.code for group in pl.expenses.groups if group.header] == ["6100"]
    assert pl.expenses.total == Decimal("1600.00")
    assert pl.profit_before_tax == Decimal("-600.00")
    assert pl.taxation.total == Decimal("50.00")
    assert pl.net_profit == Decimal("-650.00")
    assert [name for name, _ in pl.sections()] == ["revenue", "cost_of_sales", "other_income", "expenses", "taxation"]


def test_profit_and_loss_by_branch() -> None:
    pl = profit_and_loss(ROWS, ACCOUNTS, JAN_FEB_2026, dimension_filter(branch="org_kl"))
    assert (pl.gross_profit, pl.net_profit) == (Decimal("1000.00"), Decimal("1000.00"))


def test_comparison_columns() -> None:
    both = with_comparison(ROWS, ACCOUNTS, JAN_FEB_2026, ["2025-06"])
    assert both.net_profit.current == Decimal("-650.00")
    assert both.net_profit.comparison == Decimal("500.00")
    assert both.net_profit.change == Decimal("-1150.00")
    revenue = {line.account.code: line.amounts for group in both.revenue.groups for line in group.lines}
    assert (revenue["4100"].current, revenue["4100"].comparison) == (Decimal("3000.00"), Decimal("500.00"))
    assert (revenue["4300"].current, revenue["4300"].comparison) == (Decimal("-200.00"), Decimal(0))
    assert both.revenue.total.comparison == Decimal("500.00")
    cost = both.cost_of_sales.groups[0]
    assert cost.subtotal.current == Decimal("1800.00") and cost.subtotal.comparison == 0


@given(
    ledgers(DAYS),
    st.sets(st.sampled_from(periods_through(Period(2026, 12)))),
    st.sets(st.sampled_from(periods_through(Period(2026, 12)))),
)
def test_comparison_columns_are_the_single_statements(
    ledger: tuple[JournalEntry, ...], current: set[str], comparison: set[str]
) -> None:
    rows = balance_rows(ledger)
    both = with_comparison(rows, ACCOUNTS, current, comparison)
    now, before = profit_and_loss(rows, ACCOUNTS, current), profit_and_loss(rows, ACCOUNTS, comparison)
    assert (both.current, both.comparison) == (now, before)
    assert (both.net_profit.current, both.net_profit.comparison) == (now.net_profit, before.net_profit)
    for (name, two), (_, one_now), (_, one_before) in zip(
        both.sections(), now.sections(), before.sections(), strict=True
    ):
        assert two.total.current == one_now.total and two.total.comparison == one_before.total, name
        for group in two.groups:
            for line in group.lines:
                assert line.amounts.current == one_now.amount_of(line.account.account_id)
                assert line.amounts.comparison == one_before.amount_of(line.account.account_id)
            assert group.subtotal.current == sum(line.amounts.current for line in group.lines)
