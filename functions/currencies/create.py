"""POST /v1/currencies: create a currency."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.currencies import CURRENCIES

handler = crud_handler(CURRENCIES, "create")
