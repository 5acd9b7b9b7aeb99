"""POST /v1/ledger/exceptions/{document_type}/{document_id}/retry: post a failed document again."""

from ledgerlet.api.app import route_handler
from ledgerlet.ledger.api import register_retry

handler = route_handler(register_retry)
