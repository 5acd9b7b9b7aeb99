"""POST /v1/quotations/{id}/submit."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import submit_quotation

handler = route_handler(submit_quotation)
