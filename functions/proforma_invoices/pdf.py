"""GET /v1/proforma-invoices/{id}/pdf: the proforma invoice printed (not a tax invoice), in English,
Chinese or Malay."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.printing_api import register_proforma_pdf

handler = route_handler(register_proforma_pdf)
