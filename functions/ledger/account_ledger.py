"""GET /v1/ledger/accounts/{id}/ledger: an account's lines with opening and running balances."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_account_ledger

handler = route_handler(register_account_ledger)
