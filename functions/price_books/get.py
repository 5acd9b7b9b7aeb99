"""GET /v1/price-books/{id} and /v1/price-books/{id}/history: read a price book and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.price_books import PRICE_BOOKS

handler = crud_handler(PRICE_BOOKS, "get")
