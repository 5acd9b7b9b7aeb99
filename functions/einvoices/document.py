"""GET /v1/einvoices/{id}/document: the signed UBL JSON."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_document

handler = route_handler(register_document)
