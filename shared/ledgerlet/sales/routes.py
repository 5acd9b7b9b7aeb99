"""Every route of the sales applets on one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api import crud
    from ledgerlet.sales import actions, lifecycle_api

    for sales in actions.KINDS:
        for action in ("create", "get", "list", "update"):  # never archived: cancelled
            crud.register(app, sales.kind, action)
    for register_route in actions.ROUTES:
        register_route(app)
    lifecycle_api.register_settings(app)
    lifecycle_api.register_update_settings(app)
