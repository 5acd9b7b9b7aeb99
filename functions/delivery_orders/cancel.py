"""POST /v1/delivery-orders/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import cancel_delivery_order

handler = route_handler(cancel_delivery_order)
