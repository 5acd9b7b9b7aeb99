"""GET /v1/items: list items: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.items import ITEMS

handler = crud_handler(ITEMS, "list")
