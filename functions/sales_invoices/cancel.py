"""POST /v1/sales-invoices/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import cancel_sales_invoice

handler = route_handler(cancel_sales_invoice)
