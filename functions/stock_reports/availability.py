"""GET /v1/stock/availability: an item's stock by location: on hand, reserved, incoming and available."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_availability

handler = route_handler(register_availability)
