"""GET /v1/suppliers: list suppliers: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import SUPPLIERS

handler = crud_handler(SUPPLIERS, "list")
