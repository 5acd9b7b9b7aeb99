"""GET /v1/einvoices/{id}: one e-invoice."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_get

handler = route_handler(register_get)
