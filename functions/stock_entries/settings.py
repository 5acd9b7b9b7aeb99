"""GET /v1/stock/settings: the company's default costing method and negative-stock policy."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.entries_api import register_settings

handler = route_handler(register_settings)
