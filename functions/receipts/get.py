"""GET /v1/receipts/{id} and /v1/receipts/{id}/history: a receipt, its posting state and history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.cash import RECEIPTS

handler = crud_handler(RECEIPTS, "get")
