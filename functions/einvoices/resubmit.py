"""POST /v1/einvoices/{id}/resubmit: send a fixed e-invoice again."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_resubmit

handler = route_handler(register_resubmit)
