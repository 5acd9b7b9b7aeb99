"""Every route of the inventory applets on one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api import crud
    from ledgerlet.inventory import entries_api, reports_api
    from ledgerlet.inventory.entries import STOCK_ENTRIES

    for action in ("create", "get", "list"):  # a stock entry is never edited: it is cancelled (to come)
        crud.register(app, STOCK_ENTRIES, action)
    entries_api.register_cancel(app)
    entries_api.register_settings(app)
    entries_api.register_update_settings(app)
    reports_api.register_balances(app)
    reports_api.register_card(app)
