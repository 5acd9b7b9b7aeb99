"""POST /v1/items: create an item."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.items import ITEMS

handler = crud_handler(ITEMS, "create")
