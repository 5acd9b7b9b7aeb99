"""POST /v1/debit-notes/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import cancel_debit_note

handler = route_handler(cancel_debit_note)
