"""POST /v1/pos/sales: a batch of sales made at registers, each recorded once."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_sales_sync

handler = route_handler(register_sales_sync)
