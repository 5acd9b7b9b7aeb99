"""GET /v1/items/{id} and /v1/items/{id}/history: read an item and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.items import ITEMS

handler = crud_handler(ITEMS, "get")
