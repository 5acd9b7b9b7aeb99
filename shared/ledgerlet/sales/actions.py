"""The sales document kinds and their lifecycle routes, each action's registration by name (the handlers
in functions/ import them from here)."""

from ledgerlet.sales.lifecycle_api import cancel_route, submit_route
from ledgerlet.sales.orders import SALES_ORDERS
from ledgerlet.sales.quotations import QUOTATIONS

KINDS = (QUOTATIONS, SALES_ORDERS)

submit_quotation = submit_route(QUOTATIONS, "An order may then take from it until `valid_until`.")
cancel_quotation = cancel_route(QUOTATIONS)
submit_sales_order = submit_route(
    SALES_ORDERS, "What it takes from its quotation is taken there, at once (never more than is left)."
)
cancel_sales_order = cancel_route(SALES_ORDERS)

ROUTES = (submit_quotation, cancel_quotation, submit_sales_order, cancel_sales_order)
