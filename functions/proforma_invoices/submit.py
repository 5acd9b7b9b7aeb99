"""POST /v1/proforma-invoices/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.proforma import submit_proforma_invoice

handler = route_handler(submit_proforma_invoice)
