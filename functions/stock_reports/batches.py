"""GET /v1/stock/batches: batches on hand by expiry (what expires soon, and where)."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_batches

handler = route_handler(register_batches)
