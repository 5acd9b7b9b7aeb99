"""POST /v1/employees: create an employee."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.employees import EMPLOYEES

handler = crud_handler(EMPLOYEES, "create")
