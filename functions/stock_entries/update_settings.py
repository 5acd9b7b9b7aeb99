"""PUT /v1/stock/settings: change the company's default costing method or negative-stock policy."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.entries_api import register_update_settings

handler = route_handler(register_update_settings)
