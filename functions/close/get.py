"""GET /v1/ledger/closes and /v1/ledger/closes/{period}: the closes started, and one close's status,
steps done and failure."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.close_api import register_get_close

handler = route_handler(register_get_close)
