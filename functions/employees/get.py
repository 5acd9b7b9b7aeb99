"""GET /v1/employees/{id} and /v1/employees/{id}/history: read an employee and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.employees import EMPLOYEES

handler = crud_handler(EMPLOYEES, "get")
