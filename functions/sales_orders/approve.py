"""POST /v1/sales-orders/{id}/approve: decide on an order whose credit is blocked."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.workflow_api import register_approve

handler = route_handler(register_approve)
