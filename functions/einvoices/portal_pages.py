"""The customer portal's public pages (the link's token is the access): GET /v1/portal/einvoices, and each
e-invoice's GET .../{id}/pdf and GET .../{id}/document."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.portal_routes import register_portal_document, register_portal_page, register_portal_pdf

handler = route_handler(register_portal_page, register_portal_pdf, register_portal_document)
