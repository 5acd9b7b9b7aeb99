"""GET /v1/cash-books/{id} and /v1/cash-books/{id}/history: read a cash book and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.cash_books import CASH_BOOKS

handler = crud_handler(CASH_BOOKS, "get")
