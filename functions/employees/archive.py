"""POST /v1/employees/{id}/archive: archive an employee."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.employees import EMPLOYEES

handler = crud_handler(EMPLOYEES, "archive")
