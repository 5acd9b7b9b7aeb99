"""POST /v1/sales-invoices/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import submit_sales_invoice

handler = route_handler(submit_sales_invoice)
