"""GET /v1/einvoicing/tin: ask LHDN whether a TIN goes with an identification."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_validate_tin

handler = route_handler(register_validate_tin)
