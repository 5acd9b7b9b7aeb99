"""The general ledger as plain values: money rounding (``money``), immutable balanced journal entries
(``entries``), the fiscal calendar (``periods``) and financial statements built from balances
(``statements``).

Pure Python with no I/O. Kept import-free on purpose, like ``ledgerlet.reference``: import the
submodules directly.
"""
