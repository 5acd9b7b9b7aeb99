"""GET /v1/stock-reservations/{id} (and /history): one reservation."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.reservations import RESERVATIONS

handler = crud_handler(RESERVATIONS, "get")
