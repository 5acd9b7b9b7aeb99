"""PATCH /v1/price-books/{id}: change a price book (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.price_books import PRICE_BOOKS

handler = crud_handler(PRICE_BOOKS, "update")
