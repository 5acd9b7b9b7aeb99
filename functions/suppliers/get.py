"""GET /v1/suppliers/{id} and /v1/suppliers/{id}/history: read a supplier and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import SUPPLIERS

handler = crud_handler(SUPPLIERS, "get")
