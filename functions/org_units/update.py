"""PATCH /v1/org-units/{id}: change an org unit (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.org_units import ORG_UNITS

handler = crud_handler(ORG_UNITS, "update")
