"""Report downloads read like the reports: a heading block (company, report, period or as-at date,
currency, organisation unit filters, when generated), a blank line, then the table with each subtotal
and total once, in the order the console shows them (issue 11, point 9)."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from ledgerlet.ledger import views
from ledgerlet.ledger.export import Letterhead, Table, to_csv, to_xlsx

LETTERHEAD = Letterhead("Kedai Contoh Sdn Bhd", "MYR", "2026-03-05T09:30:00+08:00")


def ref(code: str, name: str, type_: str) -> dict[str, str]:
    return {"account_id": f"acc_{code}", "code": code, "name": name, "type": type_}


def line(code: str, name: str, type_: str, amount: str, comparison: str | None = None) -> views.StatementLine:
    change = Decimal(amount) - Decimal(comparison) if comparison is not None else None
    return views.StatementLine(
        **ref(code, name, type_), amount=Decimal(amount), comparison=comparison, change=change, drill=""
    )


def group(header: tuple[str, str, str] | None, *lines: views.StatementLine) -> views.StatementGroup:
    subtotal = sum((li.amount for li in lines), Decimal(0))
    compared = [li.comparison for li in lines if li.comparison is not None]
    return views.StatementGroup(
        header=views.AccountRef(**ref(*header)) if header else None,
        lines=list(lines),
        subtotal=subtotal,
        comparison_subtotal=sum(compared, Decimal(0)) if compared else None,
    )


def section(name: str, title: str, *groups: views.StatementGroup, compare: bool = False) -> views.StatementSection:
    total = sum((g.subtotal for g in groups), Decimal(0))
    comparison = sum((g.comparison_subtotal or Decimal(0) for g in groups), Decimal(0)) if compare else None
    return views.StatementSection(name=name, title=title, groups=list(groups), total=total, comparison_total=comparison)


def parse(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """The heading block and the table (header row first) of a CSV download."""
    rows = list(csv.reader(io.StringIO(text)))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


def labels(table: list[list[str]]) -> list[str]:
    return [row[1] for row in table[1:]]


# --- profit and loss -----------------------------------------------------------------------------------


def profit_and_loss(compare: bool = False) -> views.ProfitAndLossReport:
    """Revenue 5,000.00 + 2,500.00 = 7,500.00; cost of sales 800.00; no other income; expenses under two
    headers: rent 1,200.00 (administrative) and bank charges 50.00 (finance costs) = 1,250.00; no tax.
    Comparison column: revenue 3,000.00 only."""
    c = "3000.00" if compare else None
    z = "0.00" if compare else None
    return views.ProfitAndLossReport(
        period_from="2026-01",
        period_to="2026-02",
        compare_from="2025-11" if compare else None,
        compare_to="2025-12" if compare else None,
        sections=[
            section(
                "revenue",
                "Revenue",
                group(
                    ("4000", "Revenue", "income"),
                    line("4100", "Sales", "income", "5000.00", c),
                    line("4200", "Service Income", "income", "2500.00", z),
                ),
                compare=compare,
            ),
            section(
                "cost_of_sales",
                "Cost of Sales",
                group(("5000", "Cost of Sales", "expense"), line("5010", "Purchases", "expense", "800.00", z)),
                compare=compare,
            ),
            section("other_income", "Other Income", compare=compare),
            section(
                "expenses",
                "Expenses",
                group(("6100", "Administrative Expenses", "expense"), line("6110", "Rent", "expense", "1200.00", z)),
                group(("6400", "Finance Costs", "expense"), line("6410", "Bank Charges", "expense", "50.00", z)),
                compare=compare,
            ),
            section("taxation", "Taxation", compare=compare),
        ],
        # gross profit 7,500.00 - 800.00 = 6,700.00; before tax 6,700.00 + 0 - 1,250.00 = 5,450.00;
        # net 5,450.00 - 0 = 5,450.00. Comparison: 3,000.00 each.
        gross_profit=Decimal("6700.00"),
        profit_before_tax=Decimal("5450.00"),
        net_profit=Decimal("5450.00"),
        comparison_gross_profit=Decimal("3000.00") if compare else None,
        comparison_profit_before_tax=Decimal("3000.00") if compare else None,
        comparison_net_profit=Decimal("3000.00") if compare else None,
    )


def test_profit_and_loss_csv_has_a_heading_and_each_total_once_in_report_order() -> None:
    heading, table = parse(to_csv(profit_and_loss().table(), LETTERHEAD))
    assert heading == [
        ["Company", "Kedai Contoh Sdn Bhd"],
        ["Report", "Profit and loss"],
        ["Period", "2026-01 to 2026-02"],
        ["Currency", "MYR"],
        ["Generated at", "2026-03-05T09:30:00+08:00"],
    ]
    assert table[0] == ["Code", "Account", "2026-01 to 2026-02"]
    assert table[1:] == [
        ["Revenue", "", ""],
        ["4100", "Sales", "5000.00"],  # the header "Revenue" repeats the section: left out
        ["4200", "Service Income", "2500.00"],
        ["", "Total revenue", "7500.00"],  # 5,000.00 + 2,500.00
        ["Cost of Sales", "", ""],
        ["5010", "Purchases", "800.00"],
        ["", "Total cost of sales", "800.00"],
        ["", "Gross profit", "6700.00"],  # 7,500.00 - 800.00, right after cost of sales
        ["", "Other Income", "0.00"],  # nothing posted: one row with its zero total
        ["Expenses", "", ""],
        ["6100", "Administrative Expenses", ""],
        ["6110", "Rent", "1200.00"],
        ["", "Total Administrative Expenses", "1200.00"],
        ["6400", "Finance Costs", ""],
        ["6410", "Bank Charges", "50.00"],
        ["", "Total Finance Costs", "50.00"],
        ["", "Total expenses", "1250.00"],  # 1,200.00 + 50.00
        ["", "Profit before tax", "5450.00"],  # 6,700.00 + 0.00 - 1,250.00
        ["", "Taxation", "0.00"],
        ["", "Net profit", "5450.00"],  # 5,450.00 - 0.00
    ]
    totals = [label for label in labels(table) if label.startswith("Total") or "profit" in label.lower()]
    assert len(totals) == len(set(totals))  # each total once


def test_profit_and_loss_with_a_comparison_keeps_the_order_and_the_change_column() -> None:
    _, table = parse(to_csv(profit_and_loss(compare=True).table(), LETTERHEAD))
    assert table[0] == ["Code", "Account", "2026-01 to 2026-02", "2025-11 to 2025-12", "Change"]
    rows = {row[1]: row[2:] for row in table[1:]}
    assert rows["Total revenue"] == ["7500.00", "3000.00", "4500.00"]  # 7,500.00 - 3,000.00
    assert rows["Gross profit"] == ["6700.00", "3000.00", "3700.00"]  # 6,700.00 - 3,000.00
    assert rows["Net profit"] == ["5450.00", "3000.00", "2450.00"]  # 5,450.00 - 3,000.00
    order = labels(table)
    assert order.index("Total cost of sales") < order.index("Gross profit") < order.index("Other Income")
    assert order.index("Total expenses") < order.index("Profit before tax") < order.index("Net profit")


# --- balance sheet and trial balance -------------------------------------------------------------------------


def balance_sheet() -> views.BalanceSheetReport:
    """Bank 18,450.00 = share capital 10,000.00 + retained 3,000.00 + current year 5,450.00."""
    return views.BalanceSheetReport(
        as_of="2026-02",
        fiscal_year=2026,
        first_period="2025-11",
        sections=[
            section(
                "assets",
                "Assets",
                group(("1000", "Current Assets", "asset"), line("1030", "Bank", "asset", "18450.00")),
            ),
            section("liabilities", "Liabilities"),
            section(
                "equity",
                "Equity",
                group(
                    ("3000", "Equity", "equity"),
                    line("3100", "Share Capital", "equity", "10000.00"),
                    line("3200", "Retained Earnings", "equity", "3000.00"),
                    line("3300", "Current Year Earnings", "equity", "5450.00"),
                ),
            ),
        ],
        total_assets=Decimal("18450.00"),
        total_liabilities=Decimal("0.00"),
        total_equity=Decimal("18450.00"),  # 10,000.00 + 3,000.00 + 5,450.00
        total_liabilities_and_equity=Decimal("18450.00"),  # 0.00 + 18,450.00
        current_year_earnings=Decimal("5450.00"),
        retained_earnings=Decimal("3000.00"),
        balanced=True,
    )


def test_balance_sheet_says_total_equity_once_and_as_at_the_month_end() -> None:
    heading, table = parse(to_csv(balance_sheet().table(), LETTERHEAD))
    assert heading[1:4] == [["Report", "Balance sheet"], ["As at", "2026-02-28"], ["Currency", "MYR"]]
    order = labels(table)
    assert order.count("Total equity") == 1 and not any(label == "Total Equity" for label in order)
    assert order.count("Total assets") == 1 and order.count("Total Current Assets") == 0  # a lone group's subtotal
    assert order[-3:] == ["Current Year Earnings", "Total equity", "Total liabilities and equity"]
    assert table[-1] == ["", "Total liabilities and equity", "18450.00"]


def test_trial_balance_heading_names_the_organisation_unit_filter() -> None:
    report = views.TrialBalanceReport(
        period_from="2026-01",
        period_to="2026-02",
        dimensions=views.DimensionsView(branch_id="org_kl"),
        lines=[
            views.TrialBalanceLine(
                **ref("1030", "Bank", "asset"),
                debit=Decimal("2500.00"),
                credit=Decimal(0),
                balance=Decimal("2500.00"),
                by_currency={},
                drill="",
            ),
            views.TrialBalanceLine(
                **ref("4200", "Service Income", "income"),
                debit=Decimal(0),
                credit=Decimal("2500.00"),
                balance=Decimal("-2500.00"),
                by_currency={},
                drill="",
            ),
        ],
        total_debit=Decimal("2500.00"),
        total_credit=Decimal("2500.00"),
        balanced=True,
    )
    from dataclasses import replace

    table = replace(report.table(), filters=(("Branch", "KL Kuala Lumpur"),))
    heading, rows = parse(to_csv(table, LETTERHEAD))
    assert [label for label, _ in heading] == ["Company", "Report", "Period", "Currency", "Branch", "Generated at"]
    assert heading[4] == ["Branch", "KL Kuala Lumpur"]
    assert rows[-1] == ["", "Total", "", "2500.00", "2500.00"] and labels(rows).count("Total") == 1


# --- neutralisation and XLSX ------------------------------------------------------------------------------------


def test_heading_cells_are_neutralised_like_every_other_cell() -> None:
    table = Table("Trial balance", ["Code", "Account"], [["=1", "@x"]], period=("Period", "2026-01 to 2026-01"))
    heading, rows = parse(to_csv(table, Letterhead('=HYPERLINK("x")', "MYR", "2026-01-31T00:00:00+08:00")))
    assert heading[0] == ["Company", '\'=HYPERLINK("x")']
    assert rows[1] == ["'=1", "'@x"]


def sheet_strings(data: bytes) -> list[str]:
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        shared = book.read("xl/sharedStrings.xml").decode()
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere
    return re.findall(r"<t[^>]*>([^<]*)</t>", shared)


def test_xlsx_starts_with_the_same_heading_and_keeps_the_report_order() -> None:
    strings = sheet_strings(to_xlsx(profit_and_loss().table(), LETTERHEAD))
    assert strings[:6] == [
        "Company",
        "Kedai Contoh Sdn Bhd",
        "Report",
        "Profit and loss",
        "Period",
        "2026-01 to 2026-02",
    ]
    order = [
        s
        for s in strings
        if s in ("Total cost of sales", "Gross profit", "Total expenses", "Profit before tax", "Net profit")
    ]
    assert order == ["Total cost of sales", "Gross profit", "Total expenses", "Profit before tax", "Net profit"]
