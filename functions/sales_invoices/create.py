"""The create action of the sales invoices applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.invoices import SALES_INVOICES

handler = crud_handler(SALES_INVOICES.kind, "create")
