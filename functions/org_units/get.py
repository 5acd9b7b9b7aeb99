"""GET /v1/org-units/{id} and /v1/org-units/{id}/history: read an org unit and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.org_units import ORG_UNITS

handler = crud_handler(ORG_UNITS, "get")
