"""GET /v1/stock/balances: stock on hand and its value by item and location, now or as at a date."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_balances

handler = route_handler(register_balances)
