"""POST /v1/stock-reservations/{id}/release: give a reservation's stock back to what is available."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.entries_api import register_release

handler = route_handler(register_release)
