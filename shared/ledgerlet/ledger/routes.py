"""Every route of the general ledger (reports, settings, posting exceptions, opening balances, the
period close) on one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.ledger import api, close_api, opening_api

    for register_ledger in api.REGISTRATIONS:
        register_ledger(app)
    opening_api.register_import_opening(app)
    close_api.register_start_close(app)
    close_api.register_get_close(app)
