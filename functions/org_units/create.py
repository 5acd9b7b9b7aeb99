"""POST /v1/org-units: create an org unit."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.org_units import ORG_UNITS

handler = crud_handler(ORG_UNITS, "create")
