"""The create action of the proforma invoices applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.proforma import PROFORMA_INVOICES

handler = crud_handler(PROFORMA_INVOICES.kind, "create")
