"""POST /v1/einvoices/{id}/cancel: cancel a valid e-invoice within 72 hours."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_cancel

handler = route_handler(register_cancel)
