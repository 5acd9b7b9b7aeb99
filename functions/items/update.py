"""PATCH /v1/items/{id}: change an item (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.items import ITEMS

handler = crud_handler(ITEMS, "update")
