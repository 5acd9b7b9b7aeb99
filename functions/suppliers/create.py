"""POST /v1/suppliers: create a supplier."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import SUPPLIERS

handler = crud_handler(SUPPLIERS, "create")
