"""POST /v1/quotations/{id}/cancel."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.actions import cancel_quotation

handler = route_handler(cancel_quotation)
