"""POST /v1/journals/opening-balances: a CSV of opening balances becomes one journal (posted from the stream)."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.opening_api import register_import_opening

handler = route_handler(register_import_opening)
