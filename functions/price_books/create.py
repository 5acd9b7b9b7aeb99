"""POST /v1/price-books: create a price book."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.price_books import PRICE_BOOKS

handler = crud_handler(PRICE_BOOKS, "create")
