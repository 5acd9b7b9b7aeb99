"""GET /v1/tax-codes/{id} and /v1/tax-codes/{id}/history: read a tax code and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.tax_codes import TAX_CODES

handler = crud_handler(TAX_CODES, "get")
