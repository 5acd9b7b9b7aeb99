"""Routes of the period close (ledger applet, action ``close``): start a close, read its record."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, Field

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.paging import Cursor, Limit
from ledgerlet.api.problems import ERROR_RESPONSES, answers
from ledgerlet.formats import PERIOD_PATTERN
from ledgerlet.kinds import Input

PeriodPath = Annotated[str, Path(pattern=PERIOD_PATTERN, description="The period, `YYYY-MM`.")]


class CloseRequest(Input):
    period: str = Field(pattern=PERIOD_PATTERN, description="The month to close, `YYYY-MM`; it must have ended.")


class CloseStep(BaseModel):
    name: str = Field(description="`revalue`, `check_all_posted`, `check_trial_balance` or `lock`.")
    done_at: str
    model_config = {"extra": "allow"}


class CloseFailure(BaseModel):
    error: str = Field(description="e.g. `UnpostedDocuments`, `TrialBalanceOff`, `RevaluationRateMissing`.")
    cause: str | None = None
    at: str


class CloseRecord(BaseModel):
    period: str
    status: str = Field(description="`running`, `failed` or `closed`.")
    steps: list[CloseStep] = Field(description="The steps done, in order, with when.")
    pending_steps: list[str]
    failure: CloseFailure | None = None
    execution_name: str | None = None
    executions: list[str] = Field(default_factory=list)
    started_at: str | None = None
    started_by: str | None = None
    updated_at: str | None = None
    closed_at: str | None = None


class ClosePage(BaseModel):
    items: list[CloseRecord]
    next_cursor: str | None = None


def _record(found: dict[str, Any]) -> CloseRecord:
    return CloseRecord.model_validate(found)


def register_start_close(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/ledger/closes",
        status_code=202,
        summary="Close a period",
        description="Starts (or resumes) the period close: revalue foreign balances, check every document "
        "posted, check the trial balance, lock the period. Steps done before are not run again. Poll "
        "`GET /v1/ledger/closes/{period}` for progress.",
        tags=["ledger"],
        operation_id="ledger_close_start",
        responses={202: {"description": "Started", "content": {"application/json": {"model": CloseRecord}}}}
        | ERROR_RESPONSES,
        middlewares=[authorize("ledger", "close")],
    )
    def start(body: CloseRequest) -> Response[CloseRecord]:
        from ledgerlet.ledger.close import start_close

        who = caller(app)
        record = _record(start_close(who.tenant_id, body.period, who.user_id))
        return Response(202, "application/json", record, headers={"Location": f"/v1/ledger/closes/{body.period}"})


def register_get_close(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/ledger/closes/<period>",
        summary="A period close: status, steps done, failure",
        description="404 when no close of the period was ever started (`GET /v1/ledger/closes` lists those that were).",
        tags=["ledger"],
        operation_id="ledger_close_get",
        responses=answers(CloseRecord),
        middlewares=[authorize("ledger", "read")],
    )
    def get(period: PeriodPath) -> CloseRecord:
        from ledgerlet.errors import NotFound
        from ledgerlet.ledger.close import CloseRecords

        found = CloseRecords(caller(app).tenant_id).get(period)
        if found is None:
            raise NotFound(f"no close of {period} was started")
        return _record(found)

    @app.get(
        "/v1/ledger/closes",
        summary="The period closes started, the latest period first",
        tags=["ledger"],
        operation_id="ledger_close_list",
        responses=answers(ClosePage),
        middlewares=[authorize("ledger", "read")],
    )
    def list_closes(limit: Limit = 24, cursor: Cursor = None) -> ClosePage:
        from ledgerlet.ledger.close import CloseRecords

        page = CloseRecords(caller(app).tenant_id).list(limit, cursor)
        return ClosePage(items=[_record(found) for found in page.items], next_cursor=page.next_cursor)
