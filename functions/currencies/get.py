"""GET /v1/currencies/{id} and /v1/currencies/{id}/history: read a currency and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.currencies import CURRENCIES

handler = crud_handler(CURRENCIES, "get")
