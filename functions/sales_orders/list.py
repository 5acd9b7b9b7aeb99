"""The list action of the sales orders applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.orders import SALES_ORDERS

handler = crud_handler(SALES_ORDERS.kind, "list")
