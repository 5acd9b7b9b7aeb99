"""POST /v1/credit-notes/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import cancel_credit_note

handler = route_handler(cancel_credit_note)
