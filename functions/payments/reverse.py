"""POST /v1/payments/{id}/reverse: undo a posted payment with its mirror, linked both ways."""

from ledgerlet.api.app import route_handler
from ledgerlet.finance.cash_api import register_payments_reverse

handler = route_handler(register_payments_reverse)
