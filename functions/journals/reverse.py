"""POST /v1/journals/{id}/reverse: post a journal that undoes another, linked both ways."""

from ledgerlet.api.app import route_handler
from ledgerlet.finance.journals_api import register_reverse

handler = route_handler(register_reverse)
