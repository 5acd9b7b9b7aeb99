"""Routes of the stock reports: balances (the valuation) and the stock card."""

from decimal import Decimal
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.problems import answers
from ledgerlet.fields import Date
from ledgerlet.inventory.lot_reports import Batches, LotReports, PickList, Serials
from ledgerlet.inventory.reports import Availability, StockAgeing, StockBalances, StockCard, StockReports

ID_PATTERN = r"^[a-z]{2,4}_[0-9A-Z]{26}$"
ItemId = Annotated[str, Query(pattern=ID_PATTERN, max_length=64, description="The item's id.")]
LocationId = Annotated[str, Query(pattern=ID_PATTERN, max_length=64, description="The location's id.")]


def register_balances(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/balances",
        summary="Stock balances and their value, by item and location (the stock valuation)",
        description="Now, or as at the end of `as_of`. Lines still waiting to be costed say `valuation_pending`.",
        tags=["stock-reports"],
        operation_id="stock_balances",
        responses=answers(StockBalances),
        middlewares=[authorize("stock-reports", "read")],
    )
    def balances(
        as_of: Annotated[Date | None, Query(description="The date, `YYYY-MM-DD`; none: now.")] = None,
        item_id: Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)] = None,
        location_id: Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)] = None,
    ) -> StockBalances:
        return StockReports(caller(app).tenant_id).balances(as_of, item_id, location_id)


def register_card(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/card",
        summary="The stock card of an item at a location",
        description="Its stock-ledger rows in posting order, each with the quantity, value, valuation rate and "
        "FIFO layers after it; cancelled rows stay, marked.",
        tags=["stock-reports"],
        operation_id="stock_card",
        responses=answers(StockCard),
        middlewares=[authorize("stock-reports", "read")],
    )
    def card(
        item_id: ItemId,
        location_id: LocationId,
        from_: Annotated[Date | None, Query(alias="from", description="The first date, `YYYY-MM-DD`.")] = None,
        to: Annotated[Date | None, Query(description="The last date, `YYYY-MM-DD`.")] = None,
    ) -> StockCard:
        return StockReports(caller(app).tenant_id).card(item_id, location_id, from_, to)


def register_availability(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/availability",
        summary="An item's availability by location",
        description="On hand, reserved (by active reservations), incoming and available (on hand less reserved).",
        tags=["stock-reports"],
        operation_id="stock_availability",
        responses=answers(Availability),
        middlewares=[authorize("stock-reports", "read")],
    )
    def availability(item_id: ItemId) -> Availability:
        return StockReports(caller(app).tenant_id).availability(item_id)


def register_ageing(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/ageing",
        summary="Stock ageing: what is on hand by how long it has been there",
        description="At the end of `as_of`, by item and location, in buckets of days (the oldest units are "
        "taken to go out first); each bucket's value is its share of the stock's value.",
        tags=["stock-reports"],
        operation_id="stock_ageing",
        responses=answers(StockAgeing),
        middlewares=[authorize("stock-reports", "read")],
    )
    def ageing(
        as_of: Annotated[Date, Query(description="The date, `YYYY-MM-DD`.")],
        item_id: Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)] = None,
        location_id: Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)] = None,
    ) -> StockAgeing:
        return StockReports(caller(app).tenant_id).ageing(as_of, item_id, location_id)


Cursor = Annotated[str | None, Query(max_length=1024, description="`next_cursor` of the page before.")]


def register_batches(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/batches",
        summary="Batches on hand by expiry",
        description="Batches of items tracked by batch, on hand, first expiring first (those without an expiry "
        "last); `expires_by` keeps those expiring by that date (the expired included).",
        tags=["stock-reports"],
        operation_id="stock_batches",
        responses=answers(Batches),
        middlewares=[authorize("stock-reports", "read")],
    )
    def batches(
        as_of: Annotated[Date | None, Query(description="The day `days_left` counts from; none: today.")] = None,
        item_id: Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)] = None,
        location_id: Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)] = None,
        expires_by: Annotated[Date | None, Query(description="Only batches expiring by this date.")] = None,
        cursor: Cursor = None,
    ) -> Batches:
        return LotReports(caller(app).tenant_id).batches(as_of, item_id, location_id, expires_by, cursor)


def register_serials(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/serials",
        summary="The serial numbers of an item",
        description="Each with where it is (`in_stock` at a location) or the entry that took it `out`.",
        tags=["stock-reports"],
        operation_id="stock_serials",
        responses=answers(Serials),
        middlewares=[authorize("stock-reports", "read")],
    )
    def serials(
        item_id: ItemId,
        location_id: Annotated[
            str | None, Query(pattern=ID_PATTERN, max_length=64, description="Only those in stock there.")
        ] = None,
        state: Annotated[Literal["in_stock", "out"] | None, Query()] = None,
        cursor: Cursor = None,
    ) -> Serials:
        return LotReports(caller(app).tenant_id).serials(item_id, location_id, state, cursor)


def register_pick_list(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/stock/pick-list",
        summary="The batches an issue would take (first expiring, first out)",
        description="For an item tracked by batch: the batches an issue of `qty` at the location on `date` "
        "takes when it names none, skipping the expired; `short` is what they cannot cover.",
        tags=["stock-reports"],
        operation_id="stock_pick_list",
        responses=answers(PickList),
        middlewares=[authorize("stock-reports", "read")],
    )
    def pick_list(
        item_id: ItemId,
        location_id: LocationId,
        qty: Annotated[
            Decimal,
            Query(gt=0, le=1000000000, decimal_places=4, description="How much to take, in the item's base unit."),
        ],
        date: Annotated[Date | None, Query(description="The issue's date; none: today.")] = None,
    ) -> PickList:
        return LotReports(caller(app).tenant_id).pick_list(item_id, location_id, qty, date)
