"""GET /v1/delivery-orders/{id}/pdf: the delivery order printed, in English, Chinese or Malay."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.printing_api import register_delivery_pdf

handler = route_handler(register_delivery_pdf)
