"""POST /v1/customers/{id}/archive: archive a customer."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import CUSTOMERS

handler = crud_handler(CUSTOMERS, "archive")
