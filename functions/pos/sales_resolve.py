"""POST /v1/pos/sales/{id}/resolve: accept prices as sold, move the stock once it is there."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_sales_resolve

handler = route_handler(register_sales_resolve)
