"""POST /v1/price-books/{id}/archive: archive a price book."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.price_books import PRICE_BOOKS

handler = crud_handler(PRICE_BOOKS, "archive")
