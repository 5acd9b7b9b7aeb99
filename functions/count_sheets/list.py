"""The list action of count sheets (/v1/count-sheets): what to count at a location, and what the books expect."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.inventory.counting import COUNT_SHEETS

handler = crud_handler(COUNT_SHEETS, "list")
