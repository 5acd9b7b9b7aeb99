"""GET /v1/pos/sales/{id} and its history."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_sales_get

handler = route_handler(register_sales_get)
