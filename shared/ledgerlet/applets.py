"""The applet catalogue: what a tenant can switch on, and the actions roles can grant.

A permission is ``<applet>:<action>``; a role grants permissions, with ``*`` standing for any applet
or any action (``customers:*``, ``*:read``, ``*``).
"""

from __future__ import annotations

from dataclasses import dataclass

MASTER_DATA_ACTIONS = ("create", "read", "update", "archive")


@dataclass(frozen=True)
class Applet:
    id: str
    name: str
    category: str
    actions: tuple[str, ...] = MASTER_DATA_ACTIONS
    core: bool = False  # core applets cannot be switched off
    default_on: bool = True


CATALOGUE: tuple[Applet, ...] = (
    Applet("org-units", "Organisation units", "Master data", core=True),
    Applet("accounts", "Chart of accounts", "Master data", core=True),
    Applet("currencies", "Currencies and exchange rates", "Master data", core=True),
    Applet("tax-codes", "Tax codes (SST)", "Master data", core=True),
    Applet("document-types", "Document types and numbering", "Master data", core=True),
    Applet("cash-books", "Cash books", "Master data"),
    Applet("employees", "Employees", "Master data"),
    Applet("items", "Items", "Master data"),
    Applet("customers", "Customers", "Master data"),
    Applet("suppliers", "Suppliers", "Master data"),
    Applet("price-books", "Price books", "Master data"),
    Applet("journals", "Manual journals", "Finance", ("create", "read", "reverse")),
    Applet("recurring-journals", "Recurring journals", "Finance"),
    Applet("receipts", "Receipts", "Finance", ("create", "read")),
    Applet("payments", "Payments", "Finance", ("create", "read")),
    Applet("transfers", "Bank transfers and conversions", "Finance", ("create", "read")),
    Applet("ledger", "General ledger and reports", "Finance", ("read", "manage", "close"), core=True),
    # Control-plane actions; always on.
    Applet("company", "Company profile", "Administration", ("read", "update"), core=True),
    Applet("users", "Users and invitations", "Administration", ("read", "invite", "update"), core=True),
    Applet("roles", "Roles and permissions", "Administration", ("read", "manage"), core=True),
    Applet("store", "Applet store", "Administration", ("read", "manage"), core=True),
)

BY_ID = {applet.id: applet for applet in CATALOGUE}

DEFAULT_ROLES: dict[str, tuple[str, ...]] = {
    "admin": ("*",),
    "accountant": (
        "accounts:*",
        "journals:*",
        "recurring-journals:*",
        "receipts:*",
        "payments:*",
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
        "company:read",
    ),
    "sales": (
        "customers:*",
        "items:read",
        "price-books:*",
        "tax-codes:read",
        "currencies:read",
        "company:read",
    ),
    "storekeeper": ("items:*", "suppliers:read", "org-units:read", "company:read"),
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
