"""GET /v1/sales/receivables: what customers owe as at a day, by how long it is overdue."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.reports import register_receivables

handler = route_handler(register_receivables)
