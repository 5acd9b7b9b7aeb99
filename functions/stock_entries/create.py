"""POST /v1/stock-entries: receive, issue, transfer or count stock (refused whole when stock would go below zero)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.entries import STOCK_ENTRIES

handler = crud_handler(STOCK_ENTRIES, "create")
