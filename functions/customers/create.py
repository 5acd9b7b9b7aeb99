"""POST /v1/customers: create a customer."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import CUSTOMERS

handler = crud_handler(CUSTOMERS, "create")
