"""PATCH /v1/cash-books/{id}: change a cash book (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.cash_books import CASH_BOOKS

handler = crud_handler(CASH_BOOKS, "update")
