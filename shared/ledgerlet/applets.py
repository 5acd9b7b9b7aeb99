"""The applet catalogue: what a tenant can switch on, and the actions roles can grant.

A permission is ``<applet>:<action>``; a role grants permissions, with ``*`` standing for any applet
or any action (``customers:*``, ``*:read``, ``*``).
"""

from __future__ import annotations

from ledgerlet.applet_spec import Applet
from ledgerlet.domains import DOMAINS

# Assembled from the domains' declarations, in their order: what the applet store and the role
# wizard list.
CATALOGUE: tuple[Applet, ...] = tuple(applet for domain in DOMAINS for applet in domain.applets)

BY_ID = {applet.id: applet for applet in CATALOGUE}

DEFAULT_ROLES: dict[str, tuple[str, ...]] = {
    "admin": ("*",),
    "accountant": (
        "accounts:*",
        "journals:*",
        "recurring-journals:*",
        "receipts:*",
        "payments:*",
        "sales-invoices:read",
        "customer-receipts:*",
        "sales-reports:read",
        "transfers:*",
        "ledger:*",
        "cash-books:*",
        "currencies:*",
        "tax-codes:*",
        "document-types:read",
        "customers:*",
        "suppliers:*",
        "items:read",
        "price-books:read",
        "org-units:read",
        "employees:read",
        "stock-reports:read",
        "company:read",
    ),
    "sales": (
        "customers:*",
        "quotations:*",
        "sales-orders:*",
        "delivery-orders:*",
        "sales-invoices:*",
        "credit-notes:*",
        "debit-notes:*",
        "proforma-invoices:*",
        "delivery-runs:*",
        "customer-receipts:*",
        "customer-refunds:*",
        "pos:*",
        "sales-reports:read",
        "cash-books:read",
        "employees:read",
        "stock-reports:read",
        "items:read",
        "price-books:*",
        "tax-codes:read",
        "currencies:read",
        "company:read",
    ),
    "storekeeper": (
        "items:*",
        "stock-entries:*",
        "stock-reservations:*",
        "stock-requests:*",
        "reorder-rules:*",
        "count-sheets:*",
        "delivery-orders:*",
        "sales-orders:read",
        "customers:read",
        "stock-reports:read",
        "suppliers:read",
        "org-units:read",
        "company:read",
    ),
    "viewer": ("*:read",),
}


def grants(permissions: tuple[str, ...] | list[str], applet: str, action: str) -> bool:
    """Does any of ``permissions`` allow ``applet:action``?"""
    for permission in permissions:
        granted_applet, _, granted_action = permission.partition(":")
        if granted_applet in ("*", applet) and (granted_action in ("*", action) or permission == "*"):
            return True
    return False


def default_applets() -> list[str]:
    return [applet.id for applet in CATALOGUE if applet.default_on]
