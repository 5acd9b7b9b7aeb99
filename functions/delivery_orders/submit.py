"""POST /v1/delivery-orders/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import submit_delivery_order

handler = route_handler(submit_delivery_order)
