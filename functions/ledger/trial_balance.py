"""GET /v1/ledger/trial-balance: account balances, debit and credit columns that agree."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_trial_balance

handler = route_handler(register_trial_balance)
