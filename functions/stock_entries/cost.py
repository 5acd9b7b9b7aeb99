"""Hub events consumer: costs each new stock entry and books its value to the ledger (ledgerlet.inventory)."""

from ledgerlet.inventory.costing_service import handler

__all__ = ["handler"]
