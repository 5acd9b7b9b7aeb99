"""GET /v1/org-units: list org units: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.org_units import ORG_UNITS

handler = crud_handler(ORG_UNITS, "list")
