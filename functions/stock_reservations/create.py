"""POST /v1/stock-reservations: hold available stock for a document (409 when not enough is available)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.reservations import RESERVATIONS

handler = crud_handler(RESERVATIONS, "create")
