"""GET /v1/payments/{id} and /v1/payments/{id}/history: a payment, its posting state and history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.cash import PAYMENTS

handler = crud_handler(PAYMENTS, "get")
