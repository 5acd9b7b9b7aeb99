"""GET /v1/stock/serials: an item's serial numbers, where each is or what took it out."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_serials

handler = route_handler(register_serials)
