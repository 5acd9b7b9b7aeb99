"""POST /v1/accounts/{id}/archive: archive an account."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.accounts import ACCOUNTS

handler = crud_handler(ACCOUNTS, "archive")
