"""GET /v1/pos/sales: list sales and returns."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_sales_list

handler = route_handler(register_sales_list)
