"""GET /v1/payments/{id}/pdf: the payment printed as a Payment Voucher (PDF), in English, Chinese or Malay."""

from ledgerlet.api.app import route_handler
from ledgerlet.finance.cash_api import register_payments_pdf

handler = route_handler(register_payments_pdf)
