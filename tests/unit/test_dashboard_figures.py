"""The dashboard's monthly figures from balances (issue 11, point 8), checked against sums by hand."""

from __future__ import annotations

from decimal import Decimal

from ledgerlet.ledger.dashboard import figures, role_of
from ledgerlet.ledger.statements import BalanceRow


def row(account: str, period: str, debit: str = "0", credit: str = "0") -> BalanceRow:
    return BalanceRow(account, period, "", Decimal(debit), Decimal(credit))


ROLES = {
    "bank": role_of("asset", "bank", None),
    "cash": role_of("asset", "cash", None),
    "debtors": role_of("asset", "receivable", "receivable"),
    "creditors": role_of("liability", "payable", "payable"),
    "sales": role_of("income", "revenue", None),
    "interest": role_of("income", "other_income", None),
    "rent": role_of("expense", "operating", None),
    "capital": role_of("equity", "equity", None),
}


def test_roles_follow_subtype_then_control_then_type() -> None:
    assert [ROLES[a] for a in ("bank", "cash", "debtors", "creditors", "sales", "interest", "rent", "capital")] == [
        "cash",
        "cash",
        "receivable",
        "payable",
        "revenue",
        "income",
        "expense",
        "other",
    ]
    assert role_of("asset", "current_asset", "receivable") == "receivable"  # a control account by its flag


def test_each_month_has_its_own_income_and_the_balances_at_its_end() -> None:
    rows = [
        # March: capital 10,000.00 into the bank; a sale of 1,200.00 on credit; rent 500.00 paid.
        row("bank", "2026-03", debit="10000.00"),
        row("capital", "2026-03", credit="10000.00"),
        row("debtors", "2026-03", debit="1200.00"),
        row("sales", "2026-03", credit="1200.00"),
        row("rent", "2026-03", debit="500.00"),
        row("bank", "2026-03", credit="500.00"),
        # April: the customer pays 1,200.00; interest 15.00; a bill of 300.00 for rent, unpaid.
        row("bank", "2026-04", debit="1215.00"),
        row("debtors", "2026-04", credit="1200.00"),
        row("interest", "2026-04", credit="15.00"),
        row("rent", "2026-04", debit="300.00"),
        row("creditors", "2026-04", credit="300.00"),
    ]
    months, cash = figures(rows, ROLES, ["2026-02", "2026-03", "2026-04"])
    by_period = {m.period: m for m in months}
    # February: nothing yet.
    assert by_period["2026-02"].revenue == by_period["2026-02"].cash == Decimal(0)
    march = by_period["2026-03"]
    assert (march.revenue, march.expenses, march.profit) == (Decimal("1200.00"), Decimal("500.00"), Decimal("700.00"))
    # cash 10,000.00 - 500.00 = 9,500.00; receivables 1,200.00; payables none
    assert (march.cash, march.receivables, march.payables) == (Decimal("9500.00"), Decimal("1200.00"), Decimal(0))
    april = by_period["2026-04"]
    # revenue is sales only (interest is other income); profit = 15.00 - 300.00 = -285.00
    assert (april.revenue, april.expenses, april.profit) == (Decimal(0), Decimal("300.00"), Decimal("-285.00"))
    # cash 9,500.00 + 1,215.00 = 10,715.00; receivables 1,200.00 - 1,200.00 = 0; payables 300.00
    assert (april.cash, april.receivables, april.payables) == (Decimal("10715.00"), Decimal(0), Decimal("300.00"))
    assert [(c.account_id, c.balances) for c in cash] == [
        ("bank", (Decimal(0), Decimal("9500.00"), Decimal("10715.00")))
    ]
