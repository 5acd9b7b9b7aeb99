"""An amount in words: moved to :mod:`ledgerlet.printing.words` (every domain prints them); the names stay
importable from here."""

from ledgerlet.printing.words import amount_in_words, chinese, english, malay

__all__ = ["amount_in_words", "chinese", "english", "malay"]
