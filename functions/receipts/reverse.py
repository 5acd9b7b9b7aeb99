"""POST /v1/receipts/{id}/reverse: undo a posted receipt with its mirror, linked both ways."""

from ledgerlet.api.app import route_handler
from ledgerlet.finance.cash_api import register_receipts_reverse

handler = route_handler(register_receipts_reverse)
