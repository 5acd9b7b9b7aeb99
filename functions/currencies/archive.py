"""POST /v1/currencies/{id}/archive: archive a currency."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.currencies import CURRENCIES

handler = crud_handler(CURRENCIES, "archive")
