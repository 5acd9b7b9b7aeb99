"""PUT /v1/ledger/settings: change the fiscal year start or the lock dates (audited)."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_update_settings

handler = route_handler(register_update_settings)
