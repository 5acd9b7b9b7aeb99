"""GET /v1/ledger/exceptions: documents that could not post, and why."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_exceptions

handler = route_handler(register_exceptions)
