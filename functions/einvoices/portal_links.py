"""POST /v1/einvoicing/portal-links: a customer's signed link to their e-invoices."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.portal_routes import register_portal_links

handler = route_handler(register_portal_links)
