"""GET /v1/ledger/entries and /v1/ledger/entries/{id}: the journal, and one entry with its lines."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_entries

handler = route_handler(register_entries)
