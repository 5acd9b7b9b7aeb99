"""GET /v1/currencies: list currencies: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.currencies import CURRENCIES

handler = crud_handler(CURRENCIES, "list")
