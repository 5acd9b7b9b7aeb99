"""GET /v1/ledger/profit-and-loss: the MPERS profit and loss, optionally beside a comparison."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_profit_and_loss

handler = route_handler(register_profit_and_loss)
