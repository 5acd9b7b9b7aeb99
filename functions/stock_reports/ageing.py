"""GET /v1/stock/ageing: stock on hand by how long it has been there, by item and location."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_ageing

handler = route_handler(register_ageing)
