"""POST /v1/sales-orders/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import cancel_sales_order

handler = route_handler(cancel_sales_order)
