"""The run action of recurring journals: create every journal due today for the caller's company."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from pydantic import BaseModel, Field

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.problems import ERROR_RESPONSES


class CreatedJournal(BaseModel):
    template_id: str
    date: str
    journal_id: str
    code: str


class SkippedRun(BaseModel):
    template_id: str
    date: str
    reason: str = Field(description="Why the journal due on `date` could not be created (kept on the template).")


class RecurringRun(BaseModel):
    created: list[CreatedJournal]
    failed: list[SkippedRun]


def register_run_recurring(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/recurring-journals/run",
        summary="Create the recurring journals that are due",
        description="For every active template, one journal per due date up to today (Malaysia time), "
        "then the template's next run moves on. Running again creates nothing twice; the daily schedule "
        "does the same for every company.",
        tags=["recurring-journals"],
        operation_id="recurring_journals_run",
        responses=ERROR_RESPONSES,
        middlewares=[authorize("ledger", "manage")],
    )
    def run() -> RecurringRun:
        from dataclasses import asdict

        from ledgerlet.finance.recurring import run_due
        from ledgerlet.hub.documents import DocumentStore
        from ledgerlet.ledger.contract import company_today

        who = caller(app)
        result = run_due(DocumentStore(who.tenant_id), who.actor, company_today(who.tenant_id))
        return RecurringRun.model_validate(asdict(result))
