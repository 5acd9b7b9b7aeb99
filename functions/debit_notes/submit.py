"""POST /v1/debit-notes/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import submit_debit_note

handler = route_handler(submit_debit_note)
