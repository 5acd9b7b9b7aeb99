"""POST /v1/sales-orders/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import submit_sales_order

handler = route_handler(submit_sales_order)
