"""GET /v1/ledger/balance-sheet: assets, liabilities and equity at the end of a month."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_balance_sheet

handler = route_handler(register_balance_sheet)
