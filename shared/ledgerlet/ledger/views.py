"""What the ledger's read API answers: pydantic models documented in the OpenAPI document.

Amounts are MYR ``Decimal`` values serialised as strings with two decimal places; signed amounts
(``balance``, ``running_balance``, ``opening_balance``) are debit positive. Each report can also lay
itself out as a :class:`~ledgerlet.ledger.export.Table` for CSV and XLSX downloads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer
from pydantic.json_schema import SkipJsonSchema

from ledgerlet.fields import Date
from ledgerlet.timezones import TimeZone

if TYPE_CHECKING:
    from ledgerlet.ledger.export import Table

Amount = Annotated[
    Decimal,
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str, when_used="json"),
    Field(description="MYR amount, 2 decimal places.", examples=["1250.00"]),
]

"""A calendar month ``YYYY-MM`` from 1900 to 2999."""


class AccountRef(BaseModel):
    account_id: str
    code: str
    name: str
    type: str = Field(description="`asset`, `liability`, `equity`, `income` or `expense`.")


class DimensionsView(BaseModel):
    branch_id: str | None = None
    department_id: str | None = None
    project_id: str | None = None


# --- trial balance ----------------------------------------------------------------------------------


class TrialBalanceLine(AccountRef):
    debit: Amount
    credit: Amount
    balance: Amount = Field(description="Net balance, debit positive.")
    by_currency: dict[str, str] = Field(description="Net balance per transaction currency, at its precision.")
    drill: str = Field(description="The account's general ledger detail over the report's periods.")


class TrialBalanceReport(BaseModel):
    """Balances at the end of ``period_to``: balance-sheet accounts from the first posting, income
    and expense accounts from ``period_from``. Income and expense posted before ``period_from`` is
    folded into retained earnings (earlier fiscal years) or current year earnings (earlier in the
    same fiscal year), so the debit and credit columns always agree."""

    period_from: str
    period_to: str
    dimensions: DimensionsView
    lines: list[TrialBalanceLine]
    total_debit: Amount
    total_credit: Amount
    balanced: bool

    def table(self) -> Table:
        from ledgerlet.ledger.export import Table

        rows: list[list[Any]] = [[li.code, li.name, li.type, li.debit, li.credit] for li in self.lines]
        rows.append(["", "Total", "", self.total_debit, self.total_credit])
        columns = ["Code", "Account", "Type", "Debit", "Credit"]
        period = ("Period", f"{self.period_from} to {self.period_to}")
        return Table("Trial balance", columns, rows, money={3, 4}, period=period)


# --- statements -------------------------------------------------------------------------------------


class StatementLine(AccountRef):
    amount: Amount = Field(description="With the section's natural sign positive.")
    comparison: Amount | None = None
    change: Amount | None = Field(default=None, description="Amount less comparison.")
    drill: str


class StatementGroup(BaseModel):
    header: AccountRef | None = Field(description="The header account grouping the lines, if any.")
    lines: list[StatementLine]
    subtotal: Amount
    comparison_subtotal: Amount | None = None


class StatementSection(BaseModel):
    name: str = Field(description="e.g. `assets`, `revenue`.")
    title: str
    groups: list[StatementGroup]
    total: Amount
    comparison_total: Amount | None = None


def _section_rows(
    sections: list[StatementSection], compare: bool, after: dict[str, list[list[Any]]] | None = None
) -> list[list[Any]]:
    """The rows the console shows, in its order: a section's title, each header group (a header
    repeating the section's name left out), its lines, the group's subtotal (not for a section's only
    group: it would repeat the section's total), the section's total, then the results ``after`` the
    section (gross profit after cost of sales ...). A section with nothing in it is one row, its title
    with its zero total. So every subtotal and total appears once."""

    def figures(now: Decimal | None, before: Decimal | None, change: Decimal | None = None) -> list[Any]:
        if not compare:
            return [now]
        return [now, before, change if change is not None or now is None else _change(now, before)]

    blank = figures(None, None)
    rows: list[list[Any]] = []
    for section in sections:
        total = figures(section.total, section.comparison_total)
        if not section.groups:
            rows.append(["", section.title, *total])
            rows += (after or {}).get(section.name, [])
            continue
        rows.append([section.title, "", *blank])
        single = len(section.groups) == 1
        for group in section.groups:
            header = group.header if group.header and group.header.name.lower() != section.title.lower() else None
            if header:
                rows.append([header.code, header.name, *blank])
            for line in group.lines:
                rows.append([line.code, line.name, *figures(line.amount, line.comparison, line.change)])
            if header and not single:
                rows.append(["", f"Total {header.name}", *figures(group.subtotal, group.comparison_subtotal)])
        rows.append(["", f"Total {section.title.lower()}", *total])
        rows += (after or {}).get(section.name, [])
    return rows


def _change(now: Decimal, before: Decimal | None) -> Decimal | None:
    return now - before if before is not None else None


class BalanceSheetReport(BaseModel):
    """Assets, liabilities and equity at the end of ``as_of``, from every period since the first
    posting. Income and expense of the fiscal year of ``as_of`` show in current year earnings, of
    earlier (unclosed) years in retained earnings."""

    as_of: str
    fiscal_year: int
    first_period: str = Field(description="The first period with postings (the report reads from there).")
    sections: list[StatementSection]
    total_assets: Amount
    total_liabilities: Amount
    total_equity: Amount
    total_liabilities_and_equity: Amount
    current_year_earnings: Amount
    retained_earnings: Amount
    balanced: bool

    def table(self) -> Table:
        from ledgerlet.ledger.export import Table

        rows = _section_rows(
            self.sections,
            compare=False,
            after={"equity": [["", "Total liabilities and equity", self.total_liabilities_and_equity]]},
        )
        period = ("As at", _month_end(self.as_of))
        return Table("Balance sheet", ["Code", "Account", "Amount"], rows, money={2}, period=period)


class ProfitAndLossReport(BaseModel):
    """Profit and loss over ``period_from``..``period_to`` in the MPERS layout, with a comparison
    column over ``compare_from``..``compare_to`` when asked for."""

    period_from: str
    period_to: str
    compare_from: str | None = None
    compare_to: str | None = None
    sections: list[StatementSection]
    gross_profit: Amount
    profit_before_tax: Amount
    net_profit: Amount
    comparison_gross_profit: Amount | None = None
    comparison_profit_before_tax: Amount | None = None
    comparison_net_profit: Amount | None = None

    def table(self) -> Table:
        from ledgerlet.ledger.export import Table

        compare = self.compare_from is not None

        def result(label: str, now: Decimal, before: Decimal | None) -> list[list[Any]]:
            return [["", label, now] + ([before, _change(now, before)] if compare else [])]

        after = {
            "cost_of_sales": result("Gross profit", self.gross_profit, self.comparison_gross_profit),
            "expenses": result("Profit before tax", self.profit_before_tax, self.comparison_profit_before_tax),
            "taxation": result("Net profit", self.net_profit, self.comparison_net_profit),
        }
        rows = _section_rows(self.sections, compare, after)
        columns = ["Code", "Account", f"{self.period_from} to {self.period_to}"]
        if compare:
            columns += [f"{self.compare_from} to {self.compare_to}", "Change"]
        period = ("Period", f"{self.period_from} to {self.period_to}")
        filters = (("Compared with", f"{self.compare_from} to {self.compare_to}"),) if compare else ()
        money = {2, 3, 4} if compare else {2}
        return Table("Profit and loss", columns, rows, money=money, period=period, filters=filters)


def _month_end(period: str) -> str:
    """The last day of a month ``YYYY-MM``."""
    from calendar import monthrange

    year, month = (int(part) for part in period.split("-"))
    return f"{period}-{monthrange(year, month)[1]:02d}"


# --- general ledger detail and journal ---------------------------------------------------------------


class LedgerLine(BaseModel):
    date: str
    entry_id: str
    line: int
    memo: str
    source_type: str
    source_id: str
    source_code: str
    debit: Amount
    credit: Amount
    currency: str
    amount: str = Field(description="Signed amount in the transaction currency, at its precision.")
    running_balance: Amount = Field(description="Balance after this line, debit positive.")
    dimensions: DimensionsView
    entry: str = Field(description="Link to the journal entry.")


class AccountLedgerReport(BaseModel):
    """An account's postings in date order with a running balance. The opening balance adds up every
    earlier period for balance-sheet accounts; for income and expense accounts only the earlier
    periods of ``period_from``'s fiscal year (earlier years are closed into retained earnings)."""

    account: AccountRef
    period_from: str
    period_to: str
    opening_balance: Amount
    lines: list[LedgerLine]
    closing_balance: Amount | None = Field(default=None, description="On the last page only.")
    next_cursor: str | None = None

    def table(self) -> Table:
        from ledgerlet.ledger.export import Table

        rows: list[list[Any]] = [["", "", "", "Opening balance", None, None, self.opening_balance]]
        rows += [
            [li.date, li.source_code or li.entry_id, li.source_type, li.memo, li.debit, li.credit, li.running_balance]
            for li in self.lines
        ]
        rows.append(["", "", "", "Closing balance", None, None, self.closing_balance])
        columns = ["Date", "Reference", "Source", "Memo", "Debit", "Credit", "Balance"]
        period = ("Period", f"{self.period_from} to {self.period_to}")
        filters = (("Account", f"{self.account.code} {self.account.name}"),)
        return Table("General ledger detail", columns, rows, money={4, 5, 6}, period=period, filters=filters)


class EntryLineView(AccountRef):
    debit: Amount
    credit: Amount
    currency: str
    amount: str = Field(description="Signed amount in the transaction currency, at its precision.")
    dimensions: DimensionsView
    memo: str = ""


class EntryView(BaseModel):
    entry_id: str
    date: str
    period: str
    memo: str = ""
    source_type: str = ""
    source_id: str = ""
    source_code: str = ""
    reverses: str | None = None
    total: Amount = Field(description="Total debits (equal to total credits).")
    posted_at: str
    posted_by: str
    lines: list[EntryLineView]


class EntryPage(BaseModel):
    date_from: str
    date_to: str
    items: list[EntryView]
    next_cursor: str | None = None

    def table(self) -> Table:
        from ledgerlet.ledger.export import Table

        rows: list[list[Any]] = [
            [e.date, e.entry_id, e.source_code, e.memo or li.memo, li.code, li.name, li.debit, li.credit]
            for e in self.items
            for li in e.lines
        ]
        total_debit = sum((li.debit for e in self.items for li in e.lines), Decimal(0))
        total_credit = sum((li.credit for e in self.items for li in e.lines), Decimal(0))
        rows.append(["", "", "", "Total", "", "", total_debit, total_credit])
        columns = ["Date", "Entry", "Reference", "Memo", "Code", "Account", "Debit", "Credit"]
        return Table("Journal", columns, rows, money={6, 7}, period=("Dates", f"{self.date_from} to {self.date_to}"))


# --- settings and posting exceptions -----------------------------------------------------------------


class LedgerSettings(BaseModel):
    fiscal_year_start_month: int = Field(ge=1, le=12, description="1 = January ... 12 = December.")
    time_zone: str = Field(description="The company's time zone: it says when a day, and so a period, has ended.")
    hard_lock: str | None = Field(default=None, description="Nothing posts on or before this date.")
    module_locks: dict[str, str] = Field(description="Per module (`general`, `cash`, ...), the lock date.")
    version: int
    updated_at: str | None = None
    updated_by: str | None = None


def _keyed_by_module(schema: dict[str, Any]) -> None:
    from ledgerlet.ledger.locks import MODULES

    schema["propertyNames"] = {"enum": list(MODULES)}


class SettingsUpdate(BaseModel):
    """Send the ``version`` read; fields left out stay as they are, ``hard_lock: null`` clears the
    hard lock and ``module_locks`` replaces every module lock."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=0)
    # Left out, these stay as they are; null is refused (and kept out of the document).
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] | SkipJsonSchema[None] = None
    time_zone: TimeZone | SkipJsonSchema[None] = None
    hard_lock: Date | None = None
    module_locks: Annotated[dict[str, Date], Field(json_schema_extra=_keyed_by_module)] | SkipJsonSchema[None] = None


class SettingsAudit(BaseModel):
    version: int
    action: str
    at: str
    actor: str
    before: dict[str, Any] | None = None
    after: dict[str, Any]


class SettingsHistoryPage(BaseModel):
    items: list[SettingsAudit]
    next_cursor: str | None = None


class PostingException(BaseModel):
    document_type: str
    document_id: str
    document_code: str = ""
    reason: str
    at: str
    retry: str = Field(description="POST here to post the document again once the cause is fixed.")


class PostingExceptionPage(BaseModel):
    items: list[PostingException]
    next_cursor: str | None = None


class RetryAnswer(BaseModel):
    document_type: str
    document_id: str
    posting_state: str = Field(description="`pending`: the ledger posts the document again shortly.")


class DashboardMonth(BaseModel):
    period: str = Field(description="`YYYY-MM`.")
    revenue: Amount = Field(description="Revenue of the month (income of revenue accounts).")
    expenses: Amount = Field(description="Expenses of the month.")
    profit: Amount = Field(description="All income less expenses, of the month.")
    receivables: Amount = Field(description="Owed by customers at the month's end.")
    payables: Amount = Field(description="Owed to suppliers at the month's end.")
    cash: Amount = Field(description="Cash and bank at the month's end.")


class DashboardCash(BaseModel):
    account_id: str
    label: str = Field(description="The cash books on the account, else its code and name.")
    balances: list[Amount] = Field(description="At each month's end, oldest first, debit positive.")


class DashboardSummary(BaseModel):
    """The dashboard in one answer: the figures a trial balance of each month would give."""

    months: list[DashboardMonth] = Field(description="Oldest first, ending with `to`.")
    cash: list[DashboardCash]
    empty: bool = Field(description="Nothing posted up to `to`.")
