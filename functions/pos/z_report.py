"""GET /v1/pos/shifts/{id}/z-report: the shift's Z report."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_z_report

handler = route_handler(register_z_report)
