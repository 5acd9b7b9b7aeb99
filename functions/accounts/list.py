"""GET /v1/accounts: list accounts: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.accounts import ACCOUNTS

handler = crud_handler(ACCOUNTS, "list")
