"""What other applets may use of the master-data applets: seeding a new company's master data.

Everything else in ``ledgerlet.masterdata`` is the master-data applets' own
(tests/unit/test_applet_boundaries.py).
"""

from ledgerlet.masterdata.seed import seed_company

__all__ = ["seed_company"]
