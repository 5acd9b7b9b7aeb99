"""GET /v1/einvoices: the e-invoice queue."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_list

handler = route_handler(register_list)
