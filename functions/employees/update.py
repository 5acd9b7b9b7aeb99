"""PATCH /v1/employees/{id}: change an employee (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.employees import EMPLOYEES

handler = crud_handler(EMPLOYEES, "update")
