"""The control plane's routes in the OpenAPI document (the Chalice app serves them, from OPERATIONS)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api.openapi import describe_operation
    from ledgerlet.platform.operations import OPERATIONS

    for operation in OPERATIONS:
        describe_operation(app, operation)
