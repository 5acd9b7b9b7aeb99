"""POST /v1/cash-books/{id}/archive: archive a cash book."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.cash_books import CASH_BOOKS

handler = crud_handler(CASH_BOOKS, "archive")
