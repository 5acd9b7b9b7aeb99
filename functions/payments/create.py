"""POST /v1/payments: record a payment through a cash book; the ledger posts it from the hub's stream."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.cash import PAYMENTS

handler = crud_handler(PAYMENTS, "create")
