"""GET /v1/einvoicing/settings: the company's e-invoice settings."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_settings

handler = route_handler(register_settings)
