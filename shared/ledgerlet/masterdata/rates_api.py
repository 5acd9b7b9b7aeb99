"""Routes of the exchange-rate actions of the currencies applet."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.paging import Cursor, Limit
from ledgerlet.api.problems import answers
from ledgerlet.fields import Date
from ledgerlet.formats import DATE_PATTERN
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.masterdata.exchange_rates import (
    ExchangeRate,
    ExchangeRatePage,
    ExchangeRates,
    ListedRatePage,
    RateInput,
)

CurrencyId = Annotated[str, Path(max_length=64, description="The currency's id.")]


def _rates(app: APIGatewayRestResolver) -> ExchangeRates:
    who = caller(app)
    return ExchangeRates(DocumentStore(who.tenant_id), who.actor)


def register_set_rate(app: APIGatewayRestResolver) -> None:
    @app.put(
        "/v1/currencies/<id>/rates/<date>",
        summary="Set an exchange rate",
        description="Sets (or corrects) the rate in force from `date`; documents dated on or after it use it.",
        tags=["currencies"],
        operation_id="currencies_set_rate",
        responses=answers(ExchangeRate),
        middlewares=[authorize("currencies", "update")],
    )
    def set_rate(id: CurrencyId, date: Annotated[Date, Path(pattern=DATE_PATTERN)], body: RateInput) -> ExchangeRate:
        return _rates(app).set_rate(id, date, body)


def register_list_rates(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/currencies/<id>/rates",
        summary="List exchange rates (newest first), or the rate in force on a date",
        tags=["currencies"],
        operation_id="currencies_rates",
        responses=answers(ExchangeRatePage),
        middlewares=[authorize("currencies", "read")],
    )
    def rates(
        id: CurrencyId,
        on: Annotated[Date | None, Query(description="The rate in force on this date.")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ExchangeRatePage:
        return _rates(app).rates(id, on=on, limit=limit, cursor=cursor)


def register_all_rates(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/exchange-rates",
        summary="List exchange rates across currencies (newest first)",
        description="Every foreign currency's rates, or one currency's (`currency`, its code), dated `from`..`to` "
        "(both optional, inclusive). Newest date first; on one date, by currency code.",
        tags=["currencies"],
        operation_id="currencies_all_rates",
        responses=answers(ListedRatePage),
        middlewares=[authorize("currencies", "read")],
    )
    def all_rates(
        currency: Annotated[
            str | None, Query(pattern="^[A-Z]{3}$", description="A currency code, e.g. `USD`.", examples=["USD"])
        ] = None,
        from_: Annotated[Date | None, Query(alias="from", description="The earliest date, `YYYY-MM-DD`.")] = None,
        to: Annotated[Date | None, Query(description="The latest date, `YYYY-MM-DD`.")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ListedRatePage:
        return _rates(app).across(currency=currency, date_from=from_, date_to=to, limit=limit, cursor=cursor)
