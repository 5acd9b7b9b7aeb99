"""GET /v1/sales/analysis: sales by customer, item, salesperson or month."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.reports import register_analysis

handler = route_handler(register_analysis)
