"""GET /v1/customers/{id} and /v1/customers/{id}/history: read a customer and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import CUSTOMERS

handler = crud_handler(CUSTOMERS, "get")
