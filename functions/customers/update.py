"""PATCH /v1/customers/{id}: change a customer (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import CUSTOMERS

handler = crud_handler(CUSTOMERS, "update")
