"""GET /v1/employees: list employees: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.employees import EMPLOYEES

handler = crud_handler(EMPLOYEES, "list")
