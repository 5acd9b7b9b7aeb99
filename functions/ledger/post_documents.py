"""Hub stream consumer: turns pending business documents into journal entries (see ledgerlet.ledger)."""

from ledgerlet.ledger.stream import handler

__all__ = ["handler"]
