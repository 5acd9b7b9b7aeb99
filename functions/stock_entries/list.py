"""GET /v1/stock-entries: stock entries, newest first, filtered by purpose, location or valuation state."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.entries import STOCK_ENTRIES

handler = crud_handler(STOCK_ENTRIES, "list")
