"""PATCH /v1/currencies/{id}: change a currency (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.currencies import CURRENCIES

handler = crud_handler(CURRENCIES, "update")
