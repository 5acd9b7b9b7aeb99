"""Offline simulator of the Shopee Open Platform v2 and Lazada Open Platform APIs and their pushes (see README.md).

>>> sim = start(push_url={"shopee": "http://127.0.0.1:8080/v1/webhooks/shopee"})
>>> shop = sim.authorize("shopee", "600123")     # Credentials for ledgerlet.marketplace.platforms.client
>>> sim.create_order("shopee", "600123", [{"sku": "SKU-1", "name": "Kopi", "qty": 2, "unit_price": "12.90"}])
>>> sim.url, sim.stop()                           # Shopee base URL; Lazada's is sim.url + "/rest"
"""

from .app import LAZADA_APP, RATE_LIMITS, SHOPEE_PARTNER, Simulator, StockUpdates, start

__all__ = ["LAZADA_APP", "RATE_LIMITS", "SHOPEE_PARTNER", "Simulator", "StockUpdates", "start"]
