"""Financial statements built from ledger balances, not from journal lines.

The ledger keeps one ``BalanceRow`` per account x period x dimensions key: MYR debits and credits and
the net amount per transaction currency. Statements are sums of those rows, presented the way
accountants read them:

* ``trial_balance``: every account's net balance on the debit *or* the credit side, sorted by code;
  the two columns agree whenever every posted entry balanced.
* ``balance_sheet``: assets, liabilities and equity grouped under their header accounts. Income and
  expense balances are folded into equity (the current fiscal year's into current year earnings,
  earlier years' into retained earnings) so that assets = liabilities + equity exactly.
* ``profit_and_loss`` and ``with_comparison``: the MPERS layout (revenue, cost of sales, gross profit,
  other income, expenses, profit before tax, taxation, net profit), in one or two columns.

Signs: amounts are MYR ``Decimal`` at 2 places. Each section shows its accounts with their natural
sign positive, so income, liabilities and equity appear as positive numbers; a contra balance (sales
returns, accumulated depreciation, an overdrawn bank) appears as a negative number in its section.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from ledgerlet.ledger.entries import Dimensions
from ledgerlet.ledger.periods import FiscalCalendar, Period
from ledgerlet.money import BASE_CURRENCY, quantize

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable

    from ledgerlet.ledger.entries import JournalEntry
    from ledgerlet.reference.sme_chart import AccountType

    DimensionFilter = Callable[[str], bool]

ZERO = Decimal(0)
CREDIT_NATURED: frozenset[str] = frozenset({"liability", "equity", "income"})
"""Account types whose natural balance is a credit; statements show them negated (credit positive)."""


# --- inputs -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """What the ledger keeps per account x period x dimensions: MYR debits and credits posted in the
    period, and the net signed amount per transaction currency."""

    account_id: str
    period_key: str
    dimensions_key: str
    base_debit: Decimal
    base_credit: Decimal
    by_currency: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def base_balance(self) -> Decimal:
        """The net MYR movement, debit positive."""
        return self.base_debit - self.base_credit


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """The account metadata statements need. ``parent_id`` is the header (group) account it sits under;
    header accounts take no postings and only label groups."""

    account_id: str
    code: str
    name: str
    type: AccountType
    subtype: str
    parent_id: str | None = None
    is_header: bool = False

    @property
    def sign(self) -> int:
        """+1 for debit-natured types (asset, expense), -1 for credit-natured ones."""
        return -1 if self.type in CREDIT_NATURED else 1


def balance_rows(entries: Iterable[JournalEntry]) -> tuple[BalanceRow, ...]:
    """The ``BalanceRow`` per account x calendar month x dimensions key of ``entries``' lines.

    This is the aggregation the ledger maintains incrementally; here it serves tests, imports and
    rebuilds.
    """
    debit: dict[tuple[str, str, str], Decimal] = {}
    credit: dict[tuple[str, str, str], Decimal] = {}
    currencies: dict[tuple[str, str, str], dict[str, Decimal]] = {}
    for entry in entries:
        period_key = Period.containing(entry.date).key
        for line in entry.lines:
            key = (line.account_id, period_key, line.dimensions.key())
            debit[key] = debit.get(key, ZERO) + line.base_debit
            credit[key] = credit.get(key, ZERO) + line.base_credit
            amounts = currencies.setdefault(key, {})
            amounts[line.currency] = amounts.get(line.currency, ZERO) + line.amount
    return tuple(
        BalanceRow(*key, debit[key], credit[key], MappingProxyType(amounts)) for key, amounts in currencies.items()
    )


def dimension_filter(
    *, branch: str | None = None, department: str | None = None, project: str | None = None
) -> DimensionFilter:
    """A filter on dimensions keys keeping rows tagged with every given id; None means any value."""
    wanted = {name: value for name, value in (("branch", branch), ("department", department), ("project", project))}

    def keep(dimensions_key: str) -> bool:
        dimensions = Dimensions.from_key(dimensions_key)
        return all(value is None or getattr(dimensions, name) == value for name, value in wanted.items())

    return keep


def _index(accounts: Mapping[str, AccountInfo] | Iterable[AccountInfo]) -> dict[str, AccountInfo]:
    """Accounts by id, from a mapping or any iterable of ``AccountInfo``."""
    values = accounts.values() if isinstance(accounts, Mapping) else accounts
    return {account.account_id: account for account in values}


def _select(
    rows: Iterable[BalanceRow],
    accounts: Mapping[str, AccountInfo],
    periods: Collection[str] | None,
    dimensions: DimensionFilter | None,
) -> list[BalanceRow]:
    """The rows in ``periods`` (all when None) passing ``dimensions``; a row for an unknown account raises."""
    selected = []
    for row in rows:
        if row.account_id not in accounts:
            raise ValueError(f"balance row for unknown account {row.account_id!r}")
        if (periods is None or row.period_key in periods) and (dimensions is None or dimensions(row.dimensions_key)):
            selected.append(row)
    return selected


def _net_by_account(rows: Iterable[BalanceRow]) -> dict[str, Decimal]:
    """The net MYR balance (debit positive) per account id."""
    net: dict[str, Decimal] = {}
    for row in rows:
        net[row.account_id] = net.get(row.account_id, ZERO) + row.base_balance
    return net


def _money(amount: Decimal) -> Decimal:
    return quantize(amount, BASE_CURRENCY)


# --- trial balance ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrialBalanceLine:
    """One account's net balance: ``balance`` signed (debit positive) and shown on one side only, in
    ``debit`` or ``credit``; ``by_currency`` holds the non-zero net amounts per transaction currency."""

    account: AccountInfo
    debit: Decimal
    credit: Decimal
    balance: Decimal
    by_currency: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class TrialBalance:
    """Account balances sorted by code, with the column totals."""

    lines: tuple[TrialBalanceLine, ...]
    total_debit: Decimal
    total_credit: Decimal

    @property
    def is_balanced(self) -> bool:
        """Whether the debit and credit columns agree, as they do when every entry balanced."""
        return self.total_debit == self.total_credit


def trial_balance(
    rows: Iterable[BalanceRow],
    accounts: Mapping[str, AccountInfo] | Iterable[AccountInfo],
    periods: Collection[str] | None = None,
    dimensions: DimensionFilter | None = None,
    *,
    include_zero: bool = False,
) -> TrialBalance:
    """The trial balance over ``periods`` (period keys; None for all rows) and the rows ``dimensions``
    keeps. Accounts whose MYR and currency balances are all zero are left out unless ``include_zero``.

    For a balance as at a date pass every period up to it; for the movement of a month, just that month.
    """
    index = _index(accounts)
    selected = _select(rows, index, periods, dimensions)
    net = _net_by_account(selected)
    currencies: dict[str, dict[str, Decimal]] = {}
    for row in selected:
        amounts = currencies.setdefault(row.account_id, {})
        for currency, amount in row.by_currency.items():
            amounts[currency] = amounts.get(currency, ZERO) + amount
    lines = []
    for account_id, unrounded in net.items():
        balance = _money(unrounded)
        by_currency = {c: quantize(a, c) for c, a in sorted(currencies[account_id].items()) if a}
        if balance or by_currency or include_zero:
            debit, credit = (balance, ZERO) if balance > 0 else (ZERO, -balance)
            line = TrialBalanceLine(index[account_id], debit, credit, balance, MappingProxyType(by_currency))
            lines.append(line)
    if include_zero:
        lines += [
            TrialBalanceLine(account, _money(ZERO), _money(ZERO), _money(ZERO), MappingProxyType({}))
            for account in index.values()
            if not account.is_header and account.account_id not in net
        ]
    lines.sort(key=lambda line: (line.account.code, line.account.account_id))
    return TrialBalance(
        tuple(lines),
        _money(sum((line.debit for line in lines), ZERO)),
        _money(sum((line.credit for line in lines), ZERO)),
    )


# --- sections ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One account on a statement, its amount with the section's natural sign positive."""

    account: AccountInfo
    amount: Decimal


@dataclass(frozen=True, slots=True)
class StatementGroup:
    """The accounts under one header account (``header`` None for accounts without a known parent)."""

    header: AccountInfo | None
    lines: tuple[StatementLine, ...]
    subtotal: Decimal


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a statement: header groups in code order, and their total."""

    title: str
    groups: tuple[StatementGroup, ...]
    total: Decimal

    @property
    def lines(self) -> tuple[StatementLine, ...]:
        """Every account line of the section, group after group."""
        return tuple(line for group in self.groups for line in group.lines)

    def amount_of(self, account_id: str) -> Decimal:
        """The amount shown for ``account_id``, zero when it is not in the section."""
        return sum((line.amount for line in self.lines if line.account.account_id == account_id), _money(ZERO))


def _header_of(account: AccountInfo, accounts: Mapping[str, AccountInfo]) -> AccountInfo | None:
    return accounts.get(account.parent_id) if account.parent_id else None


def _group_order(header: AccountInfo | None, lines: list[StatementLine]) -> tuple[str, str]:
    first = header or lines[0].account
    return (first.code, first.account_id)


def _section(
    title: str,
    members: Iterable[AccountInfo],
    net: Mapping[str, Decimal],
    accounts: Mapping[str, AccountInfo],
    *,
    include_zero: bool,
) -> Section:
    """A section of the postable ``members`` with their amounts (net x the account's sign), grouped by header."""
    groups: dict[str | None, list[StatementLine]] = {}
    for account in sorted(members, key=lambda a: (a.code, a.account_id)):
        amount = _money(net.get(account.account_id, ZERO) * account.sign)
        if amount or include_zero:
            header = _header_of(account, accounts)
            groups.setdefault(header.account_id if header else None, []).append(StatementLine(account, amount))
    built = [
        StatementGroup(accounts[key] if key else None, tuple(lines), sum((li.amount for li in lines), _money(ZERO)))
        for key, lines in groups.items()
    ]
    built.sort(key=lambda group: _group_order(group.header, list(group.lines)))
    return Section(title, tuple(built), sum((group.subtotal for group in built), _money(ZERO)))


def _members(
    accounts: Mapping[str, AccountInfo], net: Mapping[str, Decimal], include_zero: bool, belongs: Callable[..., bool]
) -> list[AccountInfo]:
    """Postable accounts for which ``belongs(account)`` holds and that have a balance (all with ``include_zero``)."""
    return [
        account
        for account in accounts.values()
        if belongs(account) and (account.account_id in net or (include_zero and not account.is_header))
    ]


# --- balance sheet ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceSheet:
    """Assets, liabilities and equity as at the end of period ``as_of`` in fiscal year ``fiscal_year``.

    ``current_year_earnings`` and ``retained_earnings`` are the amounts shown on those equity lines:
    the account's own balance plus the profit folded into it.
    """

    fiscal_year: int
    as_of: str
    assets: Section
    liabilities: Section
    equity: Section
    current_year_earnings: Decimal
    retained_earnings: Decimal

    @property
    def total_assets(self) -> Decimal:
        return self.assets.total

    @property
    def total_liabilities(self) -> Decimal:
        return self.liabilities.total

    @property
    def total_equity(self) -> Decimal:
        return self.equity.total

    @property
    def total_liabilities_and_equity(self) -> Decimal:
        return self.liabilities.total + self.equity.total

    @property
    def is_balanced(self) -> bool:
        """Whether assets equal liabilities plus equity, as they do when every entry balanced."""
        return self.total_assets == self.total_liabilities_and_equity


def _retained_earnings_id(accounts: Mapping[str, AccountInfo], given: str | None) -> str | None:
    if given is not None:
        return given
    found = [a.account_id for a in accounts.values() if a.subtype == "retained_earnings" and not a.is_header]
    return found[0] if len(found) == 1 else None


def balance_sheet(
    rows: Iterable[BalanceRow],
    accounts: Mapping[str, AccountInfo] | Iterable[AccountInfo],
    as_of_periods: Collection[str],
    current_earnings_account_id: str,
    calendar: FiscalCalendar,
    *,
    retained_earnings_account_id: str | None = None,
    dimensions: DimensionFilter | None = None,
    include_zero: bool = False,
) -> BalanceSheet:
    """The balance sheet from the rows of ``as_of_periods``: every period up to the reporting date.

    The latest of those periods sets the current fiscal year (by ``calendar``). Income and expense
    balances of that year fold into ``current_earnings_account_id``; those of earlier fiscal years, not
    yet closed by a year-end entry, fold into ``retained_earnings_account_id`` (by default the only
    account of subtype ``retained_earnings``). Both must be equity accounts in ``accounts``.
    """
    if not as_of_periods:
        raise ValueError("balance_sheet needs at least one period")
    index = _index(accounts)
    latest = max(Period.from_key(key) for key in as_of_periods)
    fiscal_year = calendar.period_fiscal_year(latest)
    selected = _select(rows, index, as_of_periods, dimensions)

    current_id = current_earnings_account_id
    retained_id = _retained_earnings_id(index, retained_earnings_account_id)
    for account_id in filter(None, (current_id, retained_id)):
        if account_id not in index or index[account_id].type != "equity":
            raise ValueError(f"{account_id!r} is not an equity account")
    net: dict[str, Decimal] = {current_id: ZERO}
    earlier_profit = ZERO  # debit positive, like every net
    for row in selected:
        if index[row.account_id].type not in ("income", "expense"):
            net[row.account_id] = net.get(row.account_id, ZERO) + row.base_balance
        elif calendar.period_fiscal_year(Period.from_key(row.period_key)) < fiscal_year:
            earlier_profit += row.base_balance
        else:
            net[current_id] += row.base_balance
    if earlier_profit:
        if retained_id is None:
            raise ValueError("earlier fiscal years have unclosed profit but no retained earnings account is known")
        net[retained_id] = net.get(retained_id, ZERO) + earlier_profit

    def section(title: str, type_: str) -> Section:
        members = _members(index, net, include_zero, lambda account: account.type == type_)
        return _section(title, members, net, index, include_zero=include_zero)

    equity = section("Equity", "equity")
    return BalanceSheet(
        fiscal_year,
        latest.key,
        section("Assets", "asset"),
        section("Liabilities", "liability"),
        equity,
        equity.amount_of(current_id),
        equity.amount_of(retained_id) if retained_id else _money(ZERO),
    )


# --- profit and loss --------------------------------------------------------------------------------

_PL_SECTIONS: tuple[tuple[str, str], ...] = (
    ("revenue", "Revenue"),
    ("cost_of_sales", "Cost of Sales"),
    ("other_income", "Other Income"),
    ("expenses", "Expenses"),
    ("taxation", "Taxation"),
)


def _pl_section(account: AccountInfo) -> str | None:
    """Which profit-and-loss section an account belongs to, None for balance-sheet accounts."""
    if account.type == "income":
        return "revenue" if account.subtype == "revenue" else "other_income"
    if account.type == "expense":
        return {"cost_of_sales": "cost_of_sales", "tax_expense": "taxation"}.get(account.subtype, "expenses")
    return None


@dataclass(frozen=True, slots=True)
class ProfitAndLoss:
    """Profit and loss over ``periods`` in the MPERS layout. Revenue and other income are income
    accounts (subtype ``revenue`` or any other); cost of sales and taxation are expense accounts of
    subtype ``cost_of_sales`` and ``tax_expense``; every other expense is under ``expenses``."""

    periods: tuple[str, ...]
    revenue: Section
    cost_of_sales: Section
    other_income: Section
    expenses: Section
    taxation: Section

    @property
    def gross_profit(self) -> Decimal:
        """Revenue less cost of sales."""
        return self.revenue.total - self.cost_of_sales.total

    @property
    def total_income(self) -> Decimal:
        """Revenue plus other income."""
        return self.revenue.total + self.other_income.total

    @property
    def profit_before_tax(self) -> Decimal:
        """Gross profit plus other income less expenses."""
        return self.gross_profit + self.other_income.total - self.expenses.total

    @property
    def net_profit(self) -> Decimal:
        """Profit before tax less taxation: the period's change in current year earnings."""
        return self.profit_before_tax - self.taxation.total

    def sections(self) -> tuple[tuple[str, Section], ...]:
        """``(name, section)`` in presentation order."""
        return tuple((name, getattr(self, name)) for name, _ in _PL_SECTIONS)


def profit_and_loss(
    rows: Iterable[BalanceRow],
    accounts: Mapping[str, AccountInfo] | Iterable[AccountInfo],
    periods: Collection[str],
    dimensions: DimensionFilter | None = None,
    *,
    include_zero: bool = False,
) -> ProfitAndLoss:
    """The profit and loss over ``periods`` (period keys) for the rows ``dimensions`` keeps."""
    index = _index(accounts)
    net = _net_by_account(_select(rows, index, periods, dimensions))
    sections = {
        name: _section(
            title,
            _members(index, net, include_zero, lambda account, name=name: _pl_section(account) == name),
            net,
            index,
            include_zero=include_zero,
        )
        for name, title in _PL_SECTIONS
    }
    return ProfitAndLoss(tuple(sorted(periods)), **sections)


# --- two columns ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comparison:
    """One figure in two columns: the current periods and the comparison periods."""

    current: Decimal
    comparison: Decimal

    @property
    def change(self) -> Decimal:
        """Current less comparison."""
        return self.current - self.comparison


@dataclass(frozen=True, slots=True)
class ComparativeLine:
    account: AccountInfo
    amounts: Comparison


@dataclass(frozen=True, slots=True)
class ComparativeGroup:
    header: AccountInfo | None
    lines: tuple[ComparativeLine, ...]
    subtotal: Comparison


@dataclass(frozen=True, slots=True)
class ComparativeSection:
    title: str
    groups: tuple[ComparativeGroup, ...]
    total: Comparison


def _compare(current: Section, comparison: Section) -> ComparativeSection:
    """The two sections side by side: every account in either, grouped by header in code order."""
    amounts: dict[tuple[str | None, str], list[Decimal]] = {}
    found: dict[str, AccountInfo] = {}
    headers: dict[str | None, AccountInfo | None] = {}
    for column, section in enumerate((current, comparison)):
        for group in section.groups:
            header_id = group.header.account_id if group.header else None
            headers[header_id] = group.header
            for line in group.lines:
                found[line.account.account_id] = line.account
                amounts.setdefault((header_id, line.account.account_id), [_money(ZERO), _money(ZERO)])
                amounts[(header_id, line.account.account_id)][column] = line.amount
    by_header: dict[str | None, list[ComparativeLine]] = {}
    for (header_id, account_id), (now, before) in amounts.items():
        by_header.setdefault(header_id, []).append(ComparativeLine(found[account_id], Comparison(now, before)))
    groups = []
    for header_id, lines in by_header.items():
        lines.sort(key=lambda line: (line.account.code, line.account.account_id))
        subtotal = Comparison(
            sum((li.amounts.current for li in lines), _money(ZERO)),
            sum((li.amounts.comparison for li in lines), _money(ZERO)),
        )
        groups.append(ComparativeGroup(headers[header_id], tuple(lines), subtotal))
    groups.sort(key=lambda g: ((g.header or g.lines[0].account).code, (g.header or g.lines[0].account).account_id))
    return ComparativeSection(current.title, tuple(groups), Comparison(current.total, comparison.total))


@dataclass(frozen=True, slots=True)
class ComparativeProfitAndLoss:
    """Profit and loss in two columns; ``current`` and ``comparison`` are the single-column statements."""

    current: ProfitAndLoss
    comparison: ProfitAndLoss
    revenue: ComparativeSection
    cost_of_sales: ComparativeSection
    other_income: ComparativeSection
    expenses: ComparativeSection
    taxation: ComparativeSection

    @property
    def gross_profit(self) -> Comparison:
        return Comparison(self.current.gross_profit, self.comparison.gross_profit)

    @property
    def profit_before_tax(self) -> Comparison:
        return Comparison(self.current.profit_before_tax, self.comparison.profit_before_tax)

    @property
    def net_profit(self) -> Comparison:
        return Comparison(self.current.net_profit, self.comparison.net_profit)

    def sections(self) -> tuple[tuple[str, ComparativeSection], ...]:
        """``(name, section)`` in presentation order."""
        return tuple((name, getattr(self, name)) for name, _ in _PL_SECTIONS)


def with_comparison(
    rows: Iterable[BalanceRow],
    accounts: Mapping[str, AccountInfo] | Iterable[AccountInfo],
    current_periods: Collection[str],
    comparison_periods: Collection[str],
    dimensions: DimensionFilter | None = None,
    *,
    include_zero: bool = False,
) -> ComparativeProfitAndLoss:
    """The profit and loss of ``current_periods`` beside that of ``comparison_periods`` (say, this year
    to date and the same months last year); an account in either column appears in both."""
    rows = tuple(rows)
    index = _index(accounts)
    current = profit_and_loss(rows, index, current_periods, dimensions, include_zero=include_zero)
    comparison = profit_and_loss(rows, index, comparison_periods, dimensions, include_zero=include_zero)
    sections = {name: _compare(getattr(current, name), getattr(comparison, name)) for name, _ in _PL_SECTIONS}
    return ComparativeProfitAndLoss(current, comparison, **sections)
