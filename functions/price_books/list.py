"""GET /v1/price-books: list price books: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.price_books import PRICE_BOOKS

handler = crud_handler(PRICE_BOOKS, "list")
