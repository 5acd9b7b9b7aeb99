"""Ledgerlet's Lambda layer: the hub, tenancy, the API conventions and the applets' domain code."""
