"""The get action of the delivery orders applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.deliveries import DELIVERY_ORDERS

handler = crud_handler(DELIVERY_ORDERS.kind, "get")
