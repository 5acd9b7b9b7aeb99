"""POST /v1/einvoicing/run: submit the pending e-invoices now."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_run

handler = route_handler(register_run)
