"""GET /v1/sales-invoices/{id}/pdf: the invoice printed (a Tax Invoice, or a Cash Sale), in English,
Chinese or Malay."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.printing_api import register_invoice_pdf

handler = route_handler(register_invoice_pdf)
