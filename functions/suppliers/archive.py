"""POST /v1/suppliers/{id}/archive: archive a supplier."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import SUPPLIERS

handler = crud_handler(SUPPLIERS, "archive")
