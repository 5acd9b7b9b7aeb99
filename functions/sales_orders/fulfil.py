"""POST /v1/sales-orders/{id}/fulfil: start an order's order-to-cash workflow."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.workflow_api import register_fulfil

handler = route_handler(register_fulfil)
