"""Every route of the sales applets on one resolver (for the OpenAPI document)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver


def register(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api import crud
    from ledgerlet.sales import actions, lifecycle_api, printing_api, proforma, reports, workflow_api
    from ledgerlet.sales.receipts import CUSTOMER_RECEIPTS
    from ledgerlet.sales.refunds import CUSTOMER_REFUNDS

    for sales in actions.KINDS:
        for action in crud.ACTIONS[:4]:  # create, get, list, update: never archived but cancelled
            crud.register(app, sales.kind, action)
    for posted in crud.ACTIONS[:3]:  # create, get, list: a receipt posts when written, never edited
        crud.register(app, CUSTOMER_RECEIPTS, posted)
        crud.register(app, CUSTOMER_REFUNDS, posted)
    for register_route in actions.ROUTES:
        register_route(app)
    for action in crud.ACTIONS[:4]:  # a proforma invoice: a sales document no other takes from
        crud.register(app, proforma.PROFORMA_INVOICES.kind, action)
    proforma.submit_proforma_invoice(app)
    proforma.cancel_proforma_invoice(app)
    from ledgerlet.sales.delivery_runs import DELIVERY_RUNS
    from ledgerlet.sales.delivery_runs_api import ROUTES as DELIVERY_RUN_ROUTES

    for listed in ("create", "get", "list"):  # its update moves what it holds: a route of its own
        crud.register(app, DELIVERY_RUNS, listed)
    for register_run_route in DELIVERY_RUN_ROUTES:
        register_run_route(app)
    reports.register_receivables(app)
    reports.register_analysis(app)
    printing_api.register_invoice_pdf(app)
    printing_api.register_proforma_pdf(app)
    printing_api.register_delivery_pdf(app)
    printing_api.register_statement_pdf(app)
    for register_workflow in (
        workflow_api.register_fulfil,
        workflow_api.register_approve,
        workflow_api.register_resume,
    ):
        register_workflow(app)
    lifecycle_api.register_settings(app)
    lifecycle_api.register_update_settings(app)
