"""Marketplace connections (Shopee, Lazada): webhooks, order import, stock sync."""
