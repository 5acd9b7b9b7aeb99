"""GET /v1/customers: list customers: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.parties import CUSTOMERS

handler = crud_handler(CUSTOMERS, "list")
