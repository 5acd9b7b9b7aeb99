"""GET /v1/stock-entries/{id} (and /history): one stock entry."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.entries import STOCK_ENTRIES

handler = crud_handler(STOCK_ENTRIES, "get")
