"""GET /v1/transfers/{id} and /v1/transfers/{id}/history: a transfer, its posting state and history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.transfers import TRANSFERS

handler = crud_handler(TRANSFERS, "get")
