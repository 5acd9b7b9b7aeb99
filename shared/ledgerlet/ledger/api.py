"""Routes of the ledger applet: reports, the journal, settings and posting exceptions.

Reports answer JSON by default; ``format=csv`` or ``format=xlsx`` downloads the same report as a file
(``Content-Disposition: attachment``), with the JSON response model left out of the way: the route
raises :class:`_Download` and the :func:`downloads` middleware, which sits outside the response
validation, returns it. The report service, the exporters and xlsxwriter are imported on first use.
"""

from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol, TypeVar

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.paging import Cursor
from ledgerlet.api.problems import ERROR_RESPONSES
from ledgerlet.formats import DATE_PATTERN, PERIOD_PATTERN
from ledgerlet.ledger import views
from ledgerlet.ledger.export import CSV_TYPE, XLSX_TYPE

if TYPE_CHECKING:
    from ledgerlet.ledger.export import Table
    from ledgerlet.ledger.reports import LedgerReports
    from ledgerlet.ledger.store import LedgerStore


class Downloadable(Protocol):
    def table(self) -> "Table": ...


Report = TypeVar("Report", bound=Downloadable)

PeriodQuery = Annotated[
    str | None, Query(pattern=PERIOD_PATTERN, description="A calendar month, `YYYY-MM`.", examples=["2026-01"])
]
DateQuery = Annotated[str | None, Query(pattern=DATE_PATTERN, description="ISO date, `YYYY-MM-DD`.")]
FormatQuery = Annotated[
    Literal["json", "csv", "xlsx"], Query(description="`csv` or `xlsx` downloads the report as a file.")
]
DimensionQuery = Annotated[str | None, Query(max_length=64, description="Only lines tagged with this id.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]  # ledger lines come in bigger pages
IdPath = Annotated[str, Path(max_length=64)]

READ = [authorize("ledger", "read")]
MANAGE = [authorize("ledger", "manage")]


def _responses(model: type[BaseModel], status: int, downloadable: bool) -> dict[int, Any]:
    """The success answer (Powertools leaves it out once ``responses`` is given) and the problems."""
    content: dict[str, Any] = {"application/json": {"model": model}}
    if downloadable:
        content["text/csv"] = {"schema": {"type": "string"}}
        content[XLSX_TYPE] = {"schema": {"type": "string", "format": "binary"}}
    description = "The report (JSON, or a CSV or XLSX file)" if downloadable else "Success"
    return {status: {"description": description, "content": content}, **ERROR_RESPONSES}


class _Download(Exception):  # not an error: carries the file answer past response validation
    def __init__(self, response: Response) -> None:
        super().__init__("download")
        self.response = response


def downloads(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Route middleware: answer with the file a report route raised as :class:`_Download`."""
    try:
        return next_middleware(app)
    except _Download as download:
        return download.response


def _deliver(
    report: Report,
    format: str,
    filename: str,
    reports: "LedgerReports",
    filters: tuple[tuple[str, str], ...] = (),
) -> Report:
    """``report`` itself for JSON; for CSV or XLSX, raise the file download: the company's heading
    (``filters`` among its lines), then the report's table."""
    if format == "json":
        return report
    from dataclasses import replace

    from ledgerlet.ledger.export import to_csv, to_xlsx

    table = report.table()
    table = replace(table, filters=(*table.filters, *filters))
    letterhead = reports.letterhead()
    body: str | bytes = to_csv(table, letterhead) if format == "csv" else to_xlsx(table, letterhead)
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{format}"'}
    raise _Download(Response(200, CSV_TYPE if format == "csv" else XLSX_TYPE, body, headers=headers))


def _reports(app: APIGatewayRestResolver) -> "LedgerReports":
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.reports import LedgerReports
    from ledgerlet.ledger.store import LedgerStore

    tenant_id = caller(app).tenant_id
    return LedgerReports(LedgerStore(tenant_id), DocumentStore(tenant_id))


def _options(
    operation: str,
    summary: str,
    model: type[BaseModel],
    *,
    downloadable: bool = False,
    manage: bool = False,
    status: int = 200,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "summary": summary,
        "tags": ["ledger"],
        "operation_id": f"ledger_{operation}",
        "responses": _responses(model, status, downloadable),
        "middlewares": [*(MANAGE if manage else READ), *([downloads] if downloadable else [])],
        "status_code": status,
        **extra,
    }


# --- reports ------------------------------------------------------------------------------------------


def register_trial_balance(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/trial-balance",
        **_options(
            "trial_balance",
            "Trial balance",
            views.TrialBalanceReport,
            downloadable=True,
            description="Balances at the end of `period_to` (default: the fiscal year to date). Balance-sheet "
            "accounts from the first posting; income and expense from `period_from`, earlier income and expense "
            "folded into retained or current year earnings.",
        ),
    )
    def trial_balance_report(
        *,
        period_from: PeriodQuery = None,
        period_to: PeriodQuery = None,
        branch_id: DimensionQuery = None,
        department_id: DimensionQuery = None,
        project_id: DimensionQuery = None,
        format: FormatQuery = "json",
    ) -> views.TrialBalanceReport:
        reports = _reports(app)
        report = reports.trial_balance(
            period_from, period_to, branch_id=branch_id, department_id=department_id, project_id=project_id
        )
        filename = f"trial-balance-{report.period_from}-{report.period_to}"
        if format == "json":
            return report
        units = reports.unit_filters(branch=branch_id, department=department_id, project=project_id)
        return _deliver(report, format, filename, reports, units)


def register_dashboard(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/dashboard",
        **_options(
            "dashboard",
            "Dashboard figures",
            views.DashboardSummary,
            description="Revenue, expenses and profit of each of the 12 months ending with `to` (default: this "
            "month), receivables, payables and cash at each month's end, and each cash or bank account's balances: "
            "what a trial balance of each month gives, in one answer.",
        ),
    )
    def dashboard_summary(*, to: PeriodQuery = None) -> views.DashboardSummary:
        return _reports(app).dashboard(to)


def register_balance_sheet(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/balance-sheet",
        **_options(
            "balance_sheet",
            "Balance sheet",
            views.BalanceSheetReport,
            downloadable=True,
            description="Assets, liabilities and equity at the end of `as_of` (default: this month).",
        ),
    )
    def balance_sheet_report(
        as_of: Annotated[str | None, Query(pattern=PERIOD_PATTERN, description="The last month, `YYYY-MM`.")] = None,
        format: FormatQuery = "json",
    ) -> views.BalanceSheetReport:
        reports = _reports(app)
        report = reports.balance_sheet(as_of)
        return _deliver(report, format, f"balance-sheet-{report.as_of}", reports)


def register_profit_and_loss(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/profit-and-loss",
        **_options(
            "profit_and_loss",
            "Profit and loss",
            views.ProfitAndLossReport,
            downloadable=True,
            description="Over `period_from`..`period_to` (default: the fiscal year to date), beside "
            "`compare_from`..`compare_to` when both are given.",
        ),
    )
    def profit_and_loss_report(
        period_from: PeriodQuery = None,
        period_to: PeriodQuery = None,
        compare_from: PeriodQuery = None,
        compare_to: PeriodQuery = None,
        format: FormatQuery = "json",
    ) -> views.ProfitAndLossReport:
        reports = _reports(app)
        report = reports.profit_and_loss(period_from, period_to, compare_from, compare_to)
        return _deliver(report, format, f"profit-and-loss-{report.period_from}-{report.period_to}", reports)


def register_account_ledger(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/accounts/<id>/ledger",
        **_options(
            "account_ledger",
            "General ledger detail of an account",
            views.AccountLedgerReport,
            downloadable=True,
            description="Lines in date order with a running balance (debit positive) from the opening balance; "
            "pages continue across months. A download holds every line of the periods.",
        ),
    )
    def account_ledger_report(
        *,
        id: IdPath,
        period_from: PeriodQuery = None,
        period_to: PeriodQuery = None,
        limit: Limit = 100,
        cursor: Cursor = None,
        format: FormatQuery = "json",
    ) -> views.AccountLedgerReport:
        reports = _reports(app)
        if format == "json":
            return reports.account_ledger(id, period_from, period_to, limit, cursor)
        report = reports.account_ledger_export(id, period_from, period_to)
        filename = f"ledger-{report.account.code}-{report.period_from}-{report.period_to}"
        return _deliver(report, format, filename, reports)


def register_entries(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/entries",
        **_options(
            "entries",
            "Journal: entries in date order",
            views.EntryPage,
            downloadable=True,
            description="Entries dated `date_from`..`date_to` (default: the current fiscal year).",
        ),
    )
    def list_entries(
        date_from: DateQuery = None,
        date_to: DateQuery = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: FormatQuery = "json",
    ) -> views.EntryPage:
        reports = _reports(app)
        if format == "json":
            return reports.entries(date_from, date_to, limit, cursor)
        report = reports.entries_export(date_from, date_to)
        return _deliver(report, format, f"journal-{report.date_from}-{report.date_to}", reports)

    @app.get("/v1/ledger/entries/<id>", **_options("entry", "A journal entry with its lines", views.EntryView))
    def get_entry(id: IdPath) -> views.EntryView:
        return _reports(app).entry(id)


# --- settings -----------------------------------------------------------------------------------------


def _ledger(app: APIGatewayRestResolver) -> "LedgerStore":
    from ledgerlet.ledger.store import LedgerStore

    return LedgerStore(caller(app).tenant_id)


def register_settings(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/settings",
        **_options("settings", "Ledger settings: fiscal year start and lock dates", views.LedgerSettings),
    )
    def get_settings() -> views.LedgerSettings:
        from ledgerlet.ledger.admin import settings_view

        return settings_view(_ledger(app))

    @app.get(
        "/v1/ledger/settings/history",
        **_options("settings_history", "Changes of the ledger settings", views.SettingsHistoryPage),
    )
    def settings_history(limit: Limit = 50, cursor: Cursor = None) -> views.SettingsHistoryPage:
        from ledgerlet.ledger import admin

        return admin.settings_history(_ledger(app), limit, cursor)


def register_update_settings(app: APIGatewayRestResolver) -> None:
    @app.put(
        "/v1/ledger/settings",
        **_options(
            "update_settings",
            "Change the ledger settings",
            views.LedgerSettings,
            manage=True,
            description="Send the `version` read (a stale one answers 409). Lock dates: nothing posts on or before "
            "`hard_lock`, nor on or before its module's date in `module_locks`. Every change is audited.",
        ),
    )
    def update_settings(body: views.SettingsUpdate) -> views.LedgerSettings:
        from ledgerlet.ledger import admin

        return admin.update_settings(_ledger(app), body, caller(app).user_id)


# --- posting exceptions -------------------------------------------------------------------------------


def register_exceptions(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/exceptions",
        **_options("exceptions", "Documents that could not post, and why", views.PostingExceptionPage),
    )
    def list_exceptions(limit: Limit = 50, cursor: Cursor = None) -> views.PostingExceptionPage:
        from ledgerlet.ledger import admin

        return admin.exceptions(_ledger(app), limit, cursor)


def register_retry(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/ledger/exceptions/<document_type>/<document_id>/retry",
        **_options(
            "retry",
            "Post a document again",
            views.RetryAnswer,
            manage=True,
            status=202,
            description="Once the cause is fixed (a lock date moved, an account created): marks the document "
            "pending, and the ledger posts it again shortly. Repeating the call is harmless.",
        ),
    )
    def retry(document_type: Annotated[str, Path(max_length=40)], document_id: IdPath) -> Response[views.RetryAnswer]:
        from ledgerlet.hub.documents import DocumentStore
        from ledgerlet.ledger import admin

        answer = admin.retry(_ledger(app), DocumentStore(caller(app).tenant_id), document_type, document_id)
        return Response(202, "application/json", answer)


REGISTRATIONS = (
    register_trial_balance,
    register_dashboard,
    register_balance_sheet,
    register_profit_and_loss,
    register_account_ledger,
    register_entries,
    register_settings,
    register_update_settings,
    register_exceptions,
    register_retry,
)
"""Every route of the ledger applet (the OpenAPI document registers them all)."""
