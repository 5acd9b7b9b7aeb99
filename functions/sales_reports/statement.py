"""GET /v1/sales/statements/{customer_id}: a customer's statement of account for a period (PDF), in
English, Chinese or Malay."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.printing_api import register_statement_pdf

handler = route_handler(register_statement_pdf)
