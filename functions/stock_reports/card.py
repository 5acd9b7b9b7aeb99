"""GET /v1/stock/card: an item's stock-ledger rows at a location, with their running columns."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_card

handler = route_handler(register_card)
