"""Every route of the inventory applets on one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api import crud
    from ledgerlet.inventory import entries_api, reports_api
    from ledgerlet.inventory.counting import COUNT_SHEETS
    from ledgerlet.inventory.entries import STOCK_ENTRIES
    from ledgerlet.inventory.requests import REORDER_RULES, STOCK_REQUESTS
    from ledgerlet.inventory.reservations import RESERVATIONS

    # Stock entries and reservations are never edited: an entry is cancelled, a reservation released
    for kind in (STOCK_ENTRIES, RESERVATIONS, STOCK_REQUESTS, COUNT_SHEETS):
        for action in crud.ACTIONS[:3]:  # create, get, list
            crud.register(app, kind, action)
    for action in crud.ACTIONS:
        crud.register(app, REORDER_RULES, action)
    for register_route in (
        entries_api.register_cancel,
        entries_api.register_landed_cost,
        entries_api.register_release,
        entries_api.register_submit_count,
        entries_api.register_settings,
        entries_api.register_update_settings,
        reports_api.register_balances,
        reports_api.register_card,
        reports_api.register_availability,
        reports_api.register_ageing,
        reports_api.register_batches,
        reports_api.register_serials,
        reports_api.register_pick_list,
    ):
        register_route(app)
