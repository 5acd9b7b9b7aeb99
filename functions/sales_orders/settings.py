"""GET /v1/sales/settings: how tax is rounded, quotation validity, over-delivery and invoicing rules."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.lifecycle_api import register_settings

handler = route_handler(register_settings)
