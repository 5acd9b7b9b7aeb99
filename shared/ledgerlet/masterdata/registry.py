"""Every master-data kind, for code that serves them all (the OpenAPI document, seeding, tests)."""

from __future__ import annotations

from ledgerlet.kinds import MasterKind
from ledgerlet.masterdata.accounts import ACCOUNTS
from ledgerlet.masterdata.cash_books import CASH_BOOKS
from ledgerlet.masterdata.currencies import CURRENCIES
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES
from ledgerlet.masterdata.employees import EMPLOYEES
from ledgerlet.masterdata.items import ITEMS
from ledgerlet.masterdata.org_units import ORG_UNITS
from ledgerlet.masterdata.parties import CUSTOMERS, SUPPLIERS
from ledgerlet.masterdata.price_books import PRICE_BOOKS
from ledgerlet.masterdata.tax_codes import TAX_CODES

KINDS: tuple[MasterKind, ...] = (
    ORG_UNITS,
    ACCOUNTS,
    CASH_BOOKS,
    EMPLOYEES,
    ITEMS,
    CUSTOMERS,
    SUPPLIERS,
    PRICE_BOOKS,
    TAX_CODES,
    CURRENCIES,
    DOCUMENT_TYPES,
)
