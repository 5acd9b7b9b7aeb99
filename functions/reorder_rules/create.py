"""The create action of reorder rules (/v1/reorder-rules): when and how much of an item to request at a location."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.requests import REORDER_RULES

handler = crud_handler(REORDER_RULES, "create")
