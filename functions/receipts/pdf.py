"""GET /v1/receipts/{id}/pdf: the receipt printed as an Official Receipt (PDF), in English, Chinese or Malay."""

from ledgerlet.api.app import route_handler
from ledgerlet.finance.cash_api import register_receipts_pdf

handler = route_handler(register_receipts_pdf)
