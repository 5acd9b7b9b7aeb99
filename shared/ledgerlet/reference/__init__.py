"""Reference data: LHDN MyInvois code tables (``codes``) and the seeds for a new company
(``sme_chart``, ``defaults``).

Kept import-free on purpose: importing ``ledgerlet.reference.codes`` must stay cheap, so this package
does not pull in its submodules. Import them directly.
"""
