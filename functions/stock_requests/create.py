"""The create action of stock requests (/v1/stock-requests): stock asked for, fulfilled by stock entries."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.requests import STOCK_REQUESTS

handler = crud_handler(STOCK_REQUESTS, "create")
