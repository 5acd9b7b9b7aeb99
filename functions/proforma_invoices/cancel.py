"""POST /v1/proforma-invoices/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.proforma import cancel_proforma_invoice

handler = route_handler(cancel_proforma_invoice)
