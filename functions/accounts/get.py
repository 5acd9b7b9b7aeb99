"""GET /v1/accounts/{id} and /v1/accounts/{id}/history: read an account and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.accounts import ACCOUNTS

handler = crud_handler(ACCOUNTS, "get")
