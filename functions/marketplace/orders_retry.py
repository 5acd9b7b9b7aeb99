"""The marketplace order log: ledgerlet.marketplace.routes.register_retry."""

from ledgerlet.api.app import route_handler
from ledgerlet.marketplace.routes import register_retry

handler = route_handler(register_retry)
