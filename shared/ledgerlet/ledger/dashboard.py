"""The dashboard's figures for a run of months, from the ledger's balances in one read (issue 11, point 8).

Per month: revenue, expenses and profit of the month; receivables, payables and cash at its end; and
each cash or bank account's balance at every month end. The same figures a trial balance of each
month gives (income and expense of the month, balance-sheet accounts from the first posting), without
asking for twelve of them. Pure: balances and account roles in, figures out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ledgerlet.ledger.statements import BalanceRow

Role = Literal["revenue", "income", "expense", "cash", "receivable", "payable", "other"]
ZERO = Decimal(0)


def role_of(account_type: str, subtype: str, control: str | None) -> Role:
    """What an account counts as on the dashboard."""
    if subtype in ("cash", "bank"):
        return "cash"
    if subtype == "receivable" or control == "receivable":
        return "receivable"
    if subtype == "payable" or control == "payable":
        return "payable"
    if account_type == "income":
        return "revenue" if subtype == "revenue" else "income"
    if account_type == "expense":
        return "expense"
    return "other"


@dataclass(frozen=True)
class Month:
    period: str
    revenue: Decimal
    expenses: Decimal
    profit: Decimal  # all income less expenses, of the month
    receivables: Decimal  # at the month's end
    payables: Decimal
    cash: Decimal


@dataclass(frozen=True)
class CashBalances:
    account_id: str
    balances: tuple[Decimal, ...]  # at each month's end, debit positive


def figures(
    rows: Sequence[BalanceRow], roles: Mapping[str, Role], periods: Sequence[str]
) -> tuple[list[Month], list[CashBalances]]:
    """``rows``: every balance up to the last of ``periods`` (from the first posting); ``roles`` by account id."""
    in_month: dict[tuple[str, Role], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        in_month[(row.period_key, roles.get(row.account_id, "other"))] += row.base_balance
    months = []
    for period in periods:
        moved = {role: in_month[(period, role)] for role in ("revenue", "income", "expense")}

        def at_end(role: Role, period: str = period) -> Decimal:
            return _up_to(rows, period, lambda account_id: roles.get(account_id) == role)

        months.append(
            Month(
                period=period,
                revenue=-moved["revenue"],
                expenses=moved["expense"],
                profit=-(moved["revenue"] + moved["income"] + moved["expense"]),
                receivables=at_end("receivable"),
                payables=-at_end("payable"),
                cash=at_end("cash"),
            )
        )
    cash_accounts = sorted({row.account_id for row in rows if roles.get(row.account_id) == "cash"})
    series = [
        CashBalances(account_id, tuple(_up_to(rows, period, account_id.__eq__) for period in periods))
        for account_id in cash_accounts
    ]
    return months, series


def _up_to(rows: Sequence[BalanceRow], period: str, counts: Callable[[str], bool]) -> Decimal:
    """The balance of the accounts ``counts`` accepts, from the first posting to the end of ``period``."""
    return sum((row.base_balance for row in rows if row.period_key <= period and counts(row.account_id)), ZERO)
