"""Every route of the master-data domain on one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api import crud
    from ledgerlet.masterdata import rates_api as rates
    from ledgerlet.masterdata.registry import KINDS

    for kind in KINDS:
        for action in crud.ACTIONS:
            crud.register(app, kind, action)
    rates.register_set_rate(app)
    rates.register_list_rates(app)
    rates.register_all_rates(app)
