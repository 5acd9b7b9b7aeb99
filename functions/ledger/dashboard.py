"""GET /v1/ledger/dashboard: the dashboard's figures for twelve months in one answer."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_dashboard

handler = route_handler(register_dashboard)
