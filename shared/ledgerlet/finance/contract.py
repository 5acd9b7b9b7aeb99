"""What other applets may use of the finance applets: creating a manual journal.

Everything else in ``ledgerlet.finance`` is the finance applets' own (tests/unit/test_applet_boundaries.py).
"""

from ledgerlet.finance.journals import JOURNALS, JournalCreate, create_journal, prepare_journal

__all__ = ["JOURNALS", "JournalCreate", "create_journal", "prepare_journal"]
