"""The cancel action of the stock entries applet."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.problems import answers
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.inventory.entries import STOCK_ENTRIES, CancelRequest, cancel_entry

StockEntryView = STOCK_ENTRIES.view_model


def register_cancel(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/stock-entries/<id>/cancel",
        summary="Cancel a stock entry",
        description="Its movements stop counting (their rows stay on the stock card, marked) and the stock "
        "re-costs from its date, which must be in an open period. Refused (409 `stock.short`) when later "
        "issues relied on its stock.",
        tags=["stock-entries"],
        operation_id="stock_entries_cancel",
        responses=answers(StockEntryView),
        middlewares=[authorize("stock-entries", "cancel"), idempotent_post],
    )
    def cancel(id: Annotated[str, Path(max_length=64)], body: CancelRequest) -> StockEntryView:  # type: ignore[valid-type]
        who = caller(app)
        return StockEntryView.model_validate(cancel_entry(DocumentStore(who.tenant_id), who.actor, id, body))
