"""PATCH /v1/accounts/{id}: change an account (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.accounts import ACCOUNTS

handler = crud_handler(ACCOUNTS, "update")
