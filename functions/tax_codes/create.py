"""POST /v1/tax-codes: create a tax code."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.tax_codes import TAX_CODES

handler = crud_handler(TAX_CODES, "create")
