"""The cancel action of the stock entries applet, and the company's stock settings."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.problems import answers
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.inventory.entries import STOCK_ENTRIES, CancelRequest, cancel_entry
from ledgerlet.inventory.settings import StockSettings, StockSettingsUpdate, read_settings, update_settings

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


def register_settings(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/settings",
        summary="The company's stock settings",
        tags=["stock-entries"],
        operation_id="stock_settings",
        responses=answers(StockSettings),
        middlewares=[authorize("stock-entries", "read")],
    )
    def settings() -> StockSettings:
        return read_settings(caller(app).tenant_id)


def register_update_settings(app: APIGatewayRestResolver) -> None:
    @app.put(
        "/v1/stock/settings",
        summary="Change the company's stock settings",
        description="The default costing method (for items that name none) and the negative-stock policy "
        "(items may override it). Send the `version` read; a stale one answers 409. A change applies to "
        "movements recorded from then on, and to re-costs.",
        tags=["stock-entries"],
        operation_id="stock_settings_update",
        responses=answers(StockSettings),
        middlewares=[authorize("stock-entries", "manage")],
    )
    def update(body: StockSettingsUpdate) -> StockSettings:
        who = caller(app)
        return update_settings(who.tenant_id, body, who.user_id)


def register_release(app: APIGatewayRestResolver) -> None:
    from ledgerlet.inventory.reservations import RESERVATIONS, ReleaseRequest, release_reservation

    view = RESERVATIONS.view_model

    @app.post(
        "/v1/stock-reservations/<id>/release",
        summary="Release a stock reservation",
        description="Its stock becomes available again. A reservation past its `expires_on` is released "
        "by itself (`expired`) by a daily run.",
        tags=["stock-reservations"],
        operation_id="stock_reservations_release",
        responses=answers(view),
        middlewares=[authorize("stock-reservations", "release"), idempotent_post],
    )
    def release(id: Annotated[str, Path(max_length=64)], body: ReleaseRequest) -> view:  # type: ignore[valid-type]
        who = caller(app)
        released = release_reservation(DocumentStore(who.tenant_id), who.actor, id, reason=body.reason)
        return view.model_validate(released)


def register_submit_count(app: APIGatewayRestResolver) -> None:
    from ledgerlet.inventory.counting import COUNT_SHEETS, CountSubmit, submit_sheet

    view = COUNT_SHEETS.view_model

    @app.post(
        "/v1/count-sheets/<id>/submit",
        summary="Submit a count sheet's counted quantities",
        description="Writes one stock count entry (each item at its valuation rate) and closes the sheet, at "
        "once. Every item on the sheet must be counted.",
        tags=["count-sheets"],
        operation_id="count_sheets_submit",
        responses=answers(view),
        middlewares=[authorize("count-sheets", "submit"), idempotent_post],
    )
    def submit(id: Annotated[str, Path(max_length=64)], body: CountSubmit) -> view:  # type: ignore[valid-type]
        who = caller(app)
        return view.model_validate(submit_sheet(DocumentStore(who.tenant_id), who.actor, id, body))


def register_landed_cost(app: APIGatewayRestResolver) -> None:
    from ledgerlet.inventory.entries import LandedCostRequest, add_landed_cost

    @app.post(
        "/v1/stock-entries/<id>/landed-cost",
        summary="Add landed cost to a receipt",
        description="Freight, duty and the like that arrive after the receipt: each line's cost grows and its "
        "stock re-costs from the receipt's date (which must be in an open period), what was issued since "
        "included; the difference is booked like any change of stock value.",
        tags=["stock-entries"],
        operation_id="stock_entries_landed_cost",
        responses=answers(StockEntryView),
        middlewares=[authorize("stock-entries", "create"), idempotent_post],
    )
    def landed_cost(id: Annotated[str, Path(max_length=64)], body: LandedCostRequest) -> StockEntryView:  # type: ignore[valid-type]
        who = caller(app)
        return StockEntryView.model_validate(add_landed_cost(DocumentStore(who.tenant_id), who.actor, id, body))
