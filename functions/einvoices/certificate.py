"""PUT /v1/einvoicing/certificate: upload the signing certificate."""

from ledgerlet.api.app import route_handler
from ledgerlet.einvoice.routes import register_certificate

handler = route_handler(register_certificate)
