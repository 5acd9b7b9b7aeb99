"""GET /v1/payments: list payments, filtered by cash book, posting state or currency."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.cash import PAYMENTS

handler = crud_handler(PAYMENTS, "list")
