"""GET /v1/stock-reservations: reservations, filtered by item, location, state or what they are held for."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.reservations import RESERVATIONS

handler = crud_handler(RESERVATIONS, "list")
