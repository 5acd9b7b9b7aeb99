"""The reverse action of the journals applet."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.problems import answers
from ledgerlet.finance.journals import JOURNALS, ReverseRequest, reverse_journal
from ledgerlet.hub.documents import DocumentStore

JournalView = JOURNALS.view_model


def register_reverse(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/journals/<id>/reverse",
        status_code=201,
        summary="Reverse a journal",
        description="Creates and posts a journal with debits and credits swapped, linked both ways.",
        tags=["journals"],
        operation_id="journals_reverse",
        responses=answers(JournalView, 201),
        middlewares=[authorize("journals", "reverse"), idempotent_post],
    )
    def reverse(id: Annotated[str, Path(max_length=64)], body: ReverseRequest) -> Response[JournalView]:  # type: ignore[valid-type]
        who = caller(app)
        created = reverse_journal(DocumentStore(who.tenant_id), who.actor, id, body)
        view = JournalView.model_validate(created)
        return Response(201, "application/json", view, headers={"Location": f"/v1/journals/{created['id']}"})
