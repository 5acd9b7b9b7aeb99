"""GET /v1/tax-codes: list tax codes: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.tax_codes import TAX_CODES

handler = crud_handler(TAX_CODES, "list")
