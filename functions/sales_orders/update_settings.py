"""PUT /v1/sales/settings: change the company's sales settings (with the version read)."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.lifecycle_api import register_update_settings

handler = route_handler(register_update_settings)
