"""PUT /v1/einvoicing/settings: change them."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_update_settings

handler = route_handler(register_update_settings)
