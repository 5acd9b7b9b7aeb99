"""POST /v1/ledger/closes: start or resume the close of a period (the period-close state machine)."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.close_api import register_start_close

handler = route_handler(register_start_close)
