"""POST /v1/credit-notes/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import submit_credit_note

handler = route_handler(submit_credit_note)
