"""POST /v1/items/{id}/archive: archive an item."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.items import ITEMS

handler = crud_handler(ITEMS, "archive")
