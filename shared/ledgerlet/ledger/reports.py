"""The ledger's reports, built from one tenant's stored balances, ledger lines and chart of accounts.

Statements (trial balance, balance sheet, profit and loss) read the monthly balances: O(accounts x
periods) items however many lines were posted. The general ledger detail of an account and the
journal read lines and entries page by page. Periods are calendar months ``YYYY-MM``; the fiscal
year comes from the ledger settings (``fiscal_year_start_month``).

Where a report starts:

* the balance sheet reads every period from the first one with a posting (the month of the earliest
  journal entry, found with one query on the entries-by-date index);
* the trial balance reads the same for balance-sheet accounts, and income and expense from
  ``period_from`` on (earlier income and expense is folded into the equity accounts, see
  :class:`~ledgerlet.ledger.views.TrialBalanceReport`);
* the general ledger opening balance of a balance-sheet account adds up every earlier period (one
  balance read per month); of an income or expense account only the earlier months of the fiscal year.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ledgerlet.errors import BadRequest, Conflict, FieldError, NotFound, invalid_field
from ledgerlet.hub import keys
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.ledger import views
from ledgerlet.ledger.periods import FiscalCalendar, Period, period_keys
from ledgerlet.ledger.statements import (
    AccountInfo,
    BalanceRow,
    ComparativeSection,
    Section,
    balance_sheet,
    dimension_filter,
    profit_and_loss,
    trial_balance,
    with_comparison,
)
from ledgerlet.ledger.store import LedgerStore
from ledgerlet.money import BASE_CURRENCY, quantize
from ledgerlet.timezones import DEFAULT_TIME_ZONE

if TYPE_CHECKING:
    from ledgerlet.ledger.export import Letterhead

ZERO = Decimal(0)
MAX_PERIODS = 120
FUTURE_MONTHS = 24
EXPORT_LIMIT = 20_000
"""The most lines a CSV or XLSX download of the general ledger or the journal holds."""
PROFIT_TYPES = ("income", "expense")


def _check_range(period_from: str, period_to: str, name: str = "period_from") -> None:
    if period_from > period_to:
        raise invalid_field(
            f"query.{name}", f"{period_from} is after {period_to}", "range.reversed", start=period_from, end=period_to
        )
    if len(period_keys(period_from, period_to)) > MAX_PERIODS:
        raise invalid_field(f"query.{name}", f"at most {MAX_PERIODS} months at a time", "range.months", max=MAX_PERIODS)


def drill_link(account_id: str, period_from: str, period_to: str) -> str:
    return f"/v1/ledger/accounts/{account_id}/ledger?period_from={period_from}&period_to={period_to}"


def _ref(account: AccountInfo) -> dict[str, str]:
    return {"account_id": account.account_id, "code": account.code, "name": account.name, "type": account.type}


def _dimensions(stored: dict[str, Any] | None) -> views.DimensionsView:
    found = stored or {}
    return views.DimensionsView(
        branch_id=found.get("branch"), department_id=found.get("department"), project_id=found.get("project")
    )


class LedgerReports:
    """One tenant's ledger reports. ``today`` sets the default periods (the fiscal year to date)."""

    def __init__(self, ledger: LedgerStore, documents: DocumentStore, today: date | None = None) -> None:
        self.ledger = ledger
        self.documents = documents
        self.today = today or date.today()

    # --- what every report needs ----------------------------------------------------------------

    @cached_property
    def calendar(self) -> FiscalCalendar:
        return FiscalCalendar(int(self.ledger.settings()["fiscal_year_start_month"]))

    @cached_property
    def accounts(self) -> dict[str, AccountInfo]:
        """Every account, archived ones included (old balances may sit on them)."""
        from ledgerlet.masterdata.contract import MasterData

        return {
            a.id: AccountInfo(a.id, a.code, a.name, a.type, a.subtype, a.parent_id, a.is_header)
            for a in MasterData(self.documents).accounts()
        }

    def system_account(self, role: str) -> str:
        """The id of the account the SME chart gives ``role`` (e.g. ``current_year_earnings``)."""
        from ledgerlet.reference.sme_chart import SYSTEM_ACCOUNTS

        code = SYSTEM_ACCOUNTS[role]
        for account in self.accounts.values():
            if account.code == code and not account.is_header:
                return account.account_id
        raise Conflict(f"the chart of accounts has no {role.replace('_', ' ')} account ({code})")

    def default_periods(self, period_from: str | None, period_to: str | None) -> tuple[str, str]:
        """The periods asked for; missing ends default to the fiscal year to date."""
        current = Period.containing(self.today).key
        if period_to is None:
            period_to = max(current, period_from) if period_from else current
        if period_from is None:
            period_from = self.calendar.first_period(self.calendar.period_fiscal_year(Period.from_key(period_to))).key
        self._not_too_late(period_to, "query.period_to")
        _check_range(period_from, period_to)
        return period_from, period_to

    def _not_too_late(self, period: str, field: str) -> None:
        """Reports read every month up to ``period``: at most ``FUTURE_MONTHS`` after this one."""
        latest = Period.containing(self.today).shifted(FUTURE_MONTHS).key
        if period > latest:
            raise invalid_field(
                field,
                f"at most {FUTURE_MONTHS} months ahead ({latest})",
                "range.ahead",
                max=FUTURE_MONTHS,
                latest=latest,
            )

    def first_period(self, up_to: str) -> str | None:
        """The month of the earliest journal entry dated up to the end of ``up_to``, if any."""
        return self.ledger.first_period(up_to)

    def rows(self, periods: list[str]) -> list[BalanceRow]:
        return [
            BalanceRow(
                item.account_id,
                item.period,
                item.dimensions_key,
                item.base_debit,
                item.base_credit,
                MappingProxyType(item.by_currency),
            )
            for item in self.ledger.balances(periods)
        ]

    # --- what every download needs ---------------------------------------------------------------

    def letterhead(self, now: datetime | None = None) -> Letterhead:
        """The company's legal name (from the copy of its profile; the company's organisation unit
        for a company set up before copies were kept), MYR, and now in the company's time zone."""
        from zoneinfo import ZoneInfo

        from ledgerlet.company import company_profile
        from ledgerlet.ledger.export import Letterhead
        from ledgerlet.masterdata.contract import MasterData

        profile = company_profile(self.ledger.db, self.ledger.table, self.ledger.tenant_id) or {}
        name = profile.get("legal_name") or MasterData(self.documents).company_name() or ""
        zone = ZoneInfo(str(self.ledger.settings().get("time_zone") or DEFAULT_TIME_ZONE))
        stamp = (now or datetime.now(zone)).astimezone(zone).isoformat(timespec="seconds")
        return Letterhead(str(name), str(profile.get("base_currency") or BASE_CURRENCY), stamp)

    def unit_filters(
        self, *, branch: str | None = None, department: str | None = None, project: str | None = None
    ) -> tuple[tuple[str, str], ...]:
        """Heading lines naming the organisation units a report was filtered by (``code name``)."""
        from ledgerlet.masterdata.contract import MasterData

        master_data = MasterData(self.documents)
        return tuple(
            (label, master_data.org_unit_label(unit) or unit)
            for label, unit in (("Branch", branch), ("Department", department), ("Project", project))
            if unit
        )

    def _fiscal_year(self, period: str) -> int:
        return self.calendar.period_fiscal_year(Period.from_key(period))

    # --- trial balance ----------------------------------------------------------------------------

    def trial_balance(
        self,
        period_from: str | None = None,
        period_to: str | None = None,
        *,
        branch_id: str | None = None,
        department_id: str | None = None,
        project_id: str | None = None,
    ) -> views.TrialBalanceReport:
        period_from, period_to = self.default_periods(period_from, period_to)
        first = self.first_period(period_to) or period_from
        rows = self.rows(period_keys(min(first, period_from), period_to))
        folded = self._fold_earlier_profit(rows, period_from)
        dims = dimension_filter(branch=branch_id, department=department_id, project=project_id)
        report = trial_balance(folded, self.accounts, None, dims)
        lines = [
            views.TrialBalanceLine(
                **_ref(line.account),
                debit=line.debit,
                credit=line.credit,
                balance=line.balance,
                by_currency={currency: str(amount) for currency, amount in line.by_currency.items()},
                drill=drill_link(line.account.account_id, period_from, period_to),
            )
            for line in report.lines
        ]
        return views.TrialBalanceReport(
            period_from=period_from,
            period_to=period_to,
            dimensions=views.DimensionsView(branch_id=branch_id, department_id=department_id, project_id=project_id),
            lines=lines,
            total_debit=report.total_debit,
            total_credit=report.total_credit,
            balanced=report.is_balanced,
        )

    def _fold_earlier_profit(self, rows: list[BalanceRow], period_from: str) -> list[BalanceRow]:
        """Income and expense before ``period_from`` moved onto retained or current year earnings."""
        year = self._fiscal_year(period_from)
        targets: dict[str, str] = {}
        folded = []
        for row in rows:
            if row.period_key < period_from and self.accounts[row.account_id].type in PROFIT_TYPES:
                role = "retained_earnings" if self._fiscal_year(row.period_key) < year else "current_year_earnings"
                target = targets.get(role) or targets.setdefault(role, self.system_account(role))
                folded.append(replace(row, account_id=target, by_currency=MappingProxyType({})))
            else:
                folded.append(row)
        return folded

    # --- dashboard ----------------------------------------------------------------------------------

    def dashboard(self, to: str | None = None, months: int = 12) -> views.DashboardSummary:
        """Figures of the ``months`` months ending with ``to`` (default: this month), from one read."""
        from ledgerlet.ledger.dashboard import figures, role_of
        from ledgerlet.masterdata.contract import MasterData

        to = to or Period.containing(self.today).key
        self._not_too_late(to, "query.to")
        periods = period_keys(Period.from_key(to).shifted(1 - months).key, to)
        first = self.first_period(to)
        rows = self.rows(period_keys(min(first, periods[0]), to)) if first else []
        master_data = MasterData(self.documents)
        accounts = master_data.accounts()
        roles = {a.id: role_of(a.type, a.subtype, a.control) for a in accounts}
        names = {a.id: f"{a.code} {a.name}" for a in accounts}
        books: dict[str, list[str]] = {}
        for book in master_data.cash_books():
            books.setdefault(book.account_id, []).append(book.name or book.code)
        monthly, cash = figures(rows, roles, periods)
        return views.DashboardSummary(
            months=[views.DashboardMonth(**vars(month)) for month in monthly],
            cash=sorted(
                (
                    views.DashboardCash(
                        account_id=series.account_id,
                        label=" / ".join(books.get(series.account_id, [])) or names.get(series.account_id, ""),
                        balances=list(series.balances),
                    )
                    for series in cash
                ),
                key=lambda series: series.label,
            ),
            empty=not rows,
        )

    # --- balance sheet ----------------------------------------------------------------------------

    def balance_sheet(self, as_of: str | None = None) -> views.BalanceSheetReport:
        as_of = as_of or Period.containing(self.today).key
        self._not_too_late(as_of, "query.as_of")
        first = self.first_period(as_of) or as_of
        periods = period_keys(first, as_of)
        sheet = balance_sheet(
            self.rows(periods),
            self.accounts,
            periods,
            self.system_account("current_year_earnings"),
            self.calendar,
            retained_earnings_account_id=self.system_account("retained_earnings"),
        )
        drill_from = self.calendar.first_period(sheet.fiscal_year).key
        sections = [
            _single(name, section, drill_from, as_of)
            for name, section in (
                ("assets", sheet.assets),
                ("liabilities", sheet.liabilities),
                ("equity", sheet.equity),
            )
        ]
        return views.BalanceSheetReport(
            as_of=as_of,
            fiscal_year=sheet.fiscal_year,
            first_period=first,
            sections=sections,
            total_assets=sheet.total_assets,
            total_liabilities=sheet.total_liabilities,
            total_equity=sheet.total_equity,
            total_liabilities_and_equity=sheet.total_liabilities_and_equity,
            current_year_earnings=sheet.current_year_earnings,
            retained_earnings=sheet.retained_earnings,
            balanced=sheet.is_balanced,
        )

    # --- profit and loss --------------------------------------------------------------------------

    def profit_and_loss(
        self,
        period_from: str | None = None,
        period_to: str | None = None,
        compare_from: str | None = None,
        compare_to: str | None = None,
    ) -> views.ProfitAndLossReport:
        period_from, period_to = self.default_periods(period_from, period_to)
        current = period_keys(period_from, period_to)
        if (compare_from is None) != (compare_to is None):
            missing = "compare_to" if compare_to is None else "compare_from"
            raise invalid_field(f"query.{missing}", "give compare_from and compare_to together", "compare.pair")
        if compare_from is None or compare_to is None:
            single = profit_and_loss(self.rows(current), self.accounts, current)
            return views.ProfitAndLossReport(
                period_from=period_from,
                period_to=period_to,
                sections=[_single(name, section, period_from, period_to) for name, section in single.sections()],
                gross_profit=single.gross_profit,
                profit_before_tax=single.profit_before_tax,
                net_profit=single.net_profit,
            )
        _check_range(compare_from, compare_to, "compare_from")
        earlier = period_keys(compare_from, compare_to)
        both = with_comparison(self.rows(sorted({*current, *earlier})), self.accounts, current, earlier)
        return views.ProfitAndLossReport(
            period_from=period_from,
            period_to=period_to,
            compare_from=compare_from,
            compare_to=compare_to,
            sections=[_double(name, section, period_from, period_to) for name, section in both.sections()],
            gross_profit=both.gross_profit.current,
            profit_before_tax=both.profit_before_tax.current,
            net_profit=both.net_profit.current,
            comparison_gross_profit=both.gross_profit.comparison,
            comparison_profit_before_tax=both.profit_before_tax.comparison,
            comparison_net_profit=both.net_profit.comparison,
        )

    # --- general ledger detail --------------------------------------------------------------------

    def account_ledger(
        self,
        account_id: str,
        period_from: str | None = None,
        period_to: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> views.AccountLedgerReport:
        """One page of an account's lines; the cursor carries the month and the running balance."""
        account = self.accounts.get(account_id)
        if account is None:
            raise NotFound(f"account {account_id} does not exist")
        period_from, period_to = self.default_periods(period_from, period_to)
        if cursor:
            position = _LedgerCursor.decode(cursor, period_from, period_to)
            self._check_inner_cursor(account_id, position)
        else:
            opening = self._opening_balance(account, period_from)
            position = _LedgerCursor(period_from, opening, opening, None)
        lines: list[views.LedgerLine] = []
        running = position.running
        period, inner = position.period, position.inner
        next_cursor = None
        while True:
            page = self.ledger.account_lines(account_id, period, limit - len(lines), inner)
            for item in page.items:
                line = _ledger_line(item, running)
                running = line.running_balance
                lines.append(line)
            later = Period.from_key(period).next().key
            if page.next_cursor:
                next_cursor = _LedgerCursor(period, running, position.opening, page.next_cursor).encode()
                break
            if later > period_to:
                break
            period, inner = later, None
            if len(lines) >= limit:
                next_cursor = _LedgerCursor(period, running, position.opening, None).encode()
                break
        return views.AccountLedgerReport(
            account=views.AccountRef(**_ref(account)),
            period_from=period_from,
            period_to=period_to,
            opening_balance=position.opening,
            lines=lines,
            closing_balance=None if next_cursor else running,
            next_cursor=next_cursor,
        )

    def _check_inner_cursor(self, account_id: str, position: _LedgerCursor) -> None:
        """The store's cursor inside the month must be one for this account and month."""
        start = self.ledger.decode_cursor(position.inner)
        if start and start.get("PK", {}).get("S") != keys.account_ledger_pk(
            self.ledger.tenant_id, account_id, position.period
        ):
            raise BadRequest(
                "cursor is not one this API issued for this account",
                [FieldError("query.cursor", "invalid", "cursor.invalid")],
            )

    def account_ledger_export(
        self, account_id: str, period_from: str | None, period_to: str | None
    ) -> views.AccountLedgerReport:
        """Every line of the periods in one report (for downloads), up to ``EXPORT_LIMIT`` lines."""
        report = self.account_ledger(account_id, period_from, period_to, limit=1000)
        lines = list(report.lines)
        while report.next_cursor:
            report = self.account_ledger(account_id, period_from, period_to, 1000, report.next_cursor)
            lines += report.lines
            if len(lines) > EXPORT_LIMIT:
                raise invalid_field(
                    "query.period_to",
                    f"more than {EXPORT_LIMIT} lines: download fewer months",
                    "export.too_large",
                    max=EXPORT_LIMIT,
                )
        return report.model_copy(update={"lines": lines})

    def _opening_balance(self, account: AccountInfo, period_from: str) -> Decimal:
        """The balance before ``period_from`` (debit positive); see the module docstring."""
        if account.type in PROFIT_TYPES:
            first: str | None = self.calendar.first_period(self._fiscal_year(period_from)).key
        else:
            first = self.first_period(period_from)
        if first is None or first >= period_from:
            return quantize(ZERO, "MYR")
        earlier = period_keys(first, Period.from_key(period_from).previous().key)
        total = sum((row.base_balance for row in self.rows(earlier) if row.account_id == account.account_id), ZERO)
        return quantize(total, "MYR")

    # --- journal ------------------------------------------------------------------------------

    def default_dates(self, date_from: str | None, date_to: str | None) -> tuple[str, str]:
        """Missing ends default to the current fiscal year."""
        date_from = date_from or self.calendar.year_start(self.today).isoformat()
        date_to = date_to or self.calendar.year_end(self.today).isoformat()
        if date_from > date_to:
            raise invalid_field(
                "query.date_from", f"{date_from} is after {date_to}", "range.reversed", start=date_from, end=date_to
            )
        return date_from, date_to

    def entries(
        self, date_from: str | None = None, date_to: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> views.EntryPage:
        date_from, date_to = self.default_dates(date_from, date_to)
        page = self.ledger.entries(date_from, date_to, limit, cursor)
        items = [self._entry_view(entry) for entry in page.items]
        return views.EntryPage(date_from=date_from, date_to=date_to, items=items, next_cursor=page.next_cursor)

    def entries_export(self, date_from: str | None, date_to: str | None) -> views.EntryPage:
        report = self.entries(date_from, date_to, 500)
        items = list(report.items)
        while report.next_cursor:
            report = self.entries(report.date_from, report.date_to, 500, report.next_cursor)
            items += report.items
            if len(items) > EXPORT_LIMIT:
                raise invalid_field(
                    "query.date_to",
                    f"more than {EXPORT_LIMIT} entries: download fewer days",
                    "export.too_large",
                    max=EXPORT_LIMIT,
                )
        return report.model_copy(update={"items": items, "next_cursor": None})

    def entry(self, entry_id: str) -> views.EntryView:
        found = self.ledger.entry(entry_id)
        if found is None:
            raise NotFound(f"journal entry {entry_id} does not exist")
        return self._entry_view(found)

    def _entry_view(self, entry: dict[str, Any]) -> views.EntryView:
        lines = []
        for stored in entry.get("lines") or []:
            account = self.accounts.get(stored["account_id"])
            base = Decimal(stored["base_amount"])
            lines.append(
                views.EntryLineView(
                    account_id=stored["account_id"],
                    code=account.code if account else "",
                    name=account.name if account else "(unknown account)",
                    type=account.type if account else "",
                    debit=max(base, ZERO),
                    credit=max(-base, ZERO),
                    currency=stored["currency"],
                    amount=str(quantize(Decimal(stored["amount"]), stored["currency"])),
                    dimensions=_dimensions(stored.get("dimensions")),
                    memo=stored.get("memo") or "",
                )
            )
        return views.EntryView(
            entry_id=entry["entry_id"],
            date=entry["date"],
            period=entry["period"],
            memo=entry.get("memo") or "",
            source_type=entry.get("source_type") or "",
            source_id=entry.get("source_id") or "",
            source_code=entry.get("source_code") or "",
            reverses=entry.get("reverses"),
            total=Decimal(entry.get("total") or 0),
            posted_at=entry.get("posted_at") or "",
            posted_by=entry.get("posted_by") or "",
            lines=lines,
        )


# --- statement sections as views ---------------------------------------------------------------------


def _single(name: str, section: Section, period_from: str, period_to: str) -> views.StatementSection:
    groups = [
        views.StatementGroup(
            header=views.AccountRef(**_ref(group.header)) if group.header else None,
            lines=[
                views.StatementLine(
                    **_ref(line.account),
                    amount=line.amount,
                    drill=drill_link(line.account.account_id, period_from, period_to),
                )
                for line in group.lines
            ],
            subtotal=group.subtotal,
        )
        for group in section.groups
    ]
    return views.StatementSection(name=name, title=section.title, groups=groups, total=section.total)


def _double(name: str, section: ComparativeSection, period_from: str, period_to: str) -> views.StatementSection:
    groups = [
        views.StatementGroup(
            header=views.AccountRef(**_ref(group.header)) if group.header else None,
            lines=[
                views.StatementLine(
                    **_ref(line.account),
                    amount=line.amounts.current,
                    comparison=line.amounts.comparison,
                    change=line.amounts.change,
                    drill=drill_link(line.account.account_id, period_from, period_to),
                )
                for line in group.lines
            ],
            subtotal=group.subtotal.current,
            comparison_subtotal=group.subtotal.comparison,
        )
        for group in section.groups
    ]
    return views.StatementSection(
        name=name,
        title=section.title,
        groups=groups,
        total=section.total.current,
        comparison_total=section.total.comparison,
    )


# --- general ledger lines and cursor -------------------------------------------------------------------


def _ledger_line(item: dict[str, Any], running: Decimal) -> views.LedgerLine:
    base = Decimal(item["base_amount"])
    return views.LedgerLine(
        date=item["date"],
        entry_id=item["entry_id"],
        line=int(item.get("line", 0)),
        memo=item.get("memo") or "",
        source_type=item.get("source_type") or "",
        source_id=item.get("source_id") or "",
        source_code=item.get("source_code") or "",
        debit=max(base, ZERO),
        credit=max(-base, ZERO),
        currency=item["currency"],
        amount=str(quantize(Decimal(item["amount"]), item["currency"])),
        running_balance=running + base,
        dimensions=_dimensions(item.get("dimensions")),
        entry=f"/v1/ledger/entries/{item['entry_id']}",
    )


class _LedgerCursor:
    """Where a general ledger page stops: the month, the running balance there, the opening balance
    of the report and the store's cursor inside the month (None: the month's start)."""

    def __init__(self, period: str, running: Decimal, opening: Decimal, inner: str | None) -> None:
        self.period, self.running, self.opening, self.inner = period, running, opening, inner

    def encode(self) -> str:
        state = {"p": self.period, "r": str(self.running), "o": str(self.opening), "k": self.inner}
        return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()

    @classmethod
    def decode(cls, cursor: str, period_from: str, period_to: str) -> _LedgerCursor:
        try:
            state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
            period = Period.from_key(state["p"]).key
            found = cls(period, Decimal(state["r"]), Decimal(state["o"]), state["k"])
            if not (period_from <= period <= period_to) or not (found.inner is None or isinstance(found.inner, str)):
                raise ValueError("cursor outside the periods asked for")
            if not (found.running.is_finite() and found.opening.is_finite()):
                raise ValueError("not a balance")
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, InvalidOperation):
            raise BadRequest(
                "cursor is not one this API issued for these periods",
                [FieldError("query.cursor", "invalid", "cursor.invalid")],
            ) from None
        return found
