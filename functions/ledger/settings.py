"""GET /v1/ledger/settings and /v1/ledger/settings/history: fiscal year start, lock dates, their changes."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_settings

handler = route_handler(register_settings)
