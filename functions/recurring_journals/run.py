"""POST /v1/recurring-journals/run: create the caller's company's recurring journals that are due."""

from ledgerlet.api.app import route_handler
from ledgerlet.finance.recurring_api import register_run_recurring

handler = route_handler(register_run_recurring)
