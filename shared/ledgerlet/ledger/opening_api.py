"""Importing opening balances (journals applet, action ``create``): a CSV file becomes one journal."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from ledgerlet.api.app import CSV_ROUTES, authorize, caller
from ledgerlet.api.problems import ERROR_RESPONSES
from ledgerlet.finance.contract import JOURNALS
from ledgerlet.formats import DATE_PATTERN

PATH = "/v1/journals/opening-balances"
JournalView = JOURNALS.view_model
CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "account_code,debit,credit,currency,amount,rate\n1030,10000.00,,,,\n"
                "1040,4471.10,,USD,1000.00,4.4711\n3100,,14471.10,,,\n",
            }
        },
    }
}


def register_import_opening(app: APIGatewayRestResolver) -> None:
    CSV_ROUTES.add(PATH)

    @app.post(
        PATH,
        status_code=201,
        summary="Import opening balances (CSV)",
        description="Send `Content-Type: text/csv` with the header `account_code,debit,credit` and optionally "
        "`currency,amount,rate` for foreign-currency balances. Every row is checked (problems name "
        "`body.row N.<column>`, the header being row 1), debits must equal credits, and one journal "
        "'Opening balances' dated `date` is created; it posts like any journal. The same file for the same "
        "date is imported once.",
        tags=["journals"],
        operation_id="journals_import_opening",
        responses=ERROR_RESPONSES,
        openapi_extensions=CSV_BODY,
        middlewares=[authorize("journals", "create")],
    )
    def import_opening(
        date: Annotated[str, Query(pattern=DATE_PATTERN, description="Date of the opening balances.")],
    ) -> Response[JournalView]:  # type: ignore[valid-type]
        from ledgerlet.errors import FieldError, Problem, invalid_field
        from ledgerlet.hub.documents import DocumentStore
        from ledgerlet.ledger.opening import import_opening

        event = app.current_event
        headers = {k.lower(): v for k, v in (event.headers or {}).items()}
        if headers.get("content-type", "").split(";")[0].strip().lower() != "text/csv":
            raise Problem(
                "send the file as text/csv",
                [FieldError("header.Content-Type", "text/csv", "file.csv")],
                415,
                "Unsupported media type",
            )
        text = event.decoded_body or ""
        if not text.strip():
            raise invalid_field("body", "the file is empty", "file.empty")
        who = caller(app)
        created = import_opening(DocumentStore(who.tenant_id), who.actor, text, date)
        view = JournalView.model_validate(created)
        return Response(201, "application/json", view, headers={"Location": f"/v1/journals/{created['id']}"})
