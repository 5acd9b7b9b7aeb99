"""Every route of the finance applets (journals, receipts, payments, transfers, recurring journals) on
one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api import crud
    from ledgerlet.finance import cash_api, journals_api, recurring_api
    from ledgerlet.finance.cash import PAYMENTS, RECEIPTS
    from ledgerlet.finance.journals import JOURNALS
    from ledgerlet.finance.recurring import RECURRING_JOURNALS
    from ledgerlet.finance.transfers import TRANSFERS

    for kind in (JOURNALS, RECEIPTS, PAYMENTS, TRANSFERS):  # posted documents: never updated or archived
        for action in ("create", "get", "list"):
            crud.register(app, kind, action)
    journals_api.register_reverse(app)
    for register_cash in (
        cash_api.register_receipts_reverse,
        cash_api.register_receipts_pdf,
        cash_api.register_payments_reverse,
        cash_api.register_payments_pdf,
    ):
        register_cash(app)
    for action in crud.ACTIONS:
        crud.register(app, RECURRING_JOURNALS, action)
    recurring_api.register_run_recurring(app)
