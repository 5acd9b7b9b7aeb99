"""PATCH /v1/tax-codes/{id}: change a tax code (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.tax_codes import TAX_CODES

handler = crud_handler(TAX_CODES, "update")
