"""GET /v1/cash-books: list cash books: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.cash_books import CASH_BOOKS

handler = crud_handler(CASH_BOOKS, "list")
