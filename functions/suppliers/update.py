"""PATCH /v1/suppliers/{id}: change a supplier (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import SUPPLIERS

handler = crud_handler(SUPPLIERS, "update")
