"""PynamoDB models of the platform table (single-table design, string ``PK``/``SK``).

=====================  ======================  ==========================
item                   PK                      SK
=====================  ======================  ==========================
tenant profile         ``TENANT#<id>``         ``PROFILE``
user                   ``TENANT#<id>``         ``USER#<cognito sub>``
role                   ``TENANT#<id>``         ``ROLE#<name>``
invitation             ``TENANT#<id>``         ``INVITE#<sha256 of token>``
unique-email guard     ``EMAIL#<email>``       ``EMAIL``
tenant registry        ``TENANTS``             ``<tenant id>``
marketplace shop       ``SHOP#<platform>#<id>``  ``CONNECTION``
its company's shops    ``CONNECTIONS#<id>``    ``<platform>#<shop id>``
shop registry          ``CONNECTIONS``         ``<platform>#<shop id>``
=====================  ======================  ==========================

A marketplace shop is connected to one company: its record is keyed by the shop, as the platform's
pushes name it, so the order import finds the company from the push alone (its role reads ``SHOP#``
partitions and the ``CONNECTIONS`` registries only, never a company's users or roles).

The registry lists the active tenants, for scheduled work that has no caller and so no tenant
(recurring journals, the ledger's sweep): their roles may read that partition only.

Table name, region and endpoint are read from the environment whenever a connection is made
(``PLATFORM_TABLE``, ``AWS_REGION``/``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL``), never at import.
"""

from __future__ import annotations

import os
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection, TableConnection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

TENANT_PREFIX = "TENANT#"
PROFILE_SK = "PROFILE"
USER_PREFIX = "USER#"
ROLE_PREFIX = "ROLE#"
INVITE_PREFIX = "INVITE#"
EMAIL_PREFIX = "EMAIL#"
EMAIL_SK = "EMAIL"
REGISTRY_PK = "TENANTS"
SHOP_PREFIX = "SHOP#"
CONNECTION_SK = "CONNECTION"
CONNECTIONS_PK = "CONNECTIONS"


def tenant_pk(tenant_id: str) -> str:
    return f"{TENANT_PREFIX}{tenant_id}"


def email_pk(email: str) -> str:
    return f"{EMAIL_PREFIX}{email.strip().lower()}"


class _EnvMeta(type):
    """Meta attributes resolved from the environment at use (the local runtime sets env late)."""

    @property
    def table_name(cls) -> str:
        return os.environ.get("PLATFORM_TABLE", "ledgerlet-platform")

    @property
    def region(cls) -> str:
        return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "ap-southeast-1"

    @property
    def host(cls) -> str | None:
        return os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL") or None


class PlatformItem(Model):
    """Base of every platform-table item."""

    class Meta(metaclass=_EnvMeta):
        pass

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    @classmethod
    def _get_connection(cls) -> TableConnection:
        """One connection (one botocore client) shared by every model: they share the table and its keys.

        PynamoDB would build one per model class, costing a client creation each on a cold start.
        """
        return Model._get_connection.__func__(PlatformItem)  # type: ignore[attr-defined]


class TenantRecord(PlatformItem):
    tenant_id = UnicodeAttribute()
    status = UnicodeAttribute()  # provisioning | active | failed
    legal_name = UnicodeAttribute()
    brn = UnicodeAttribute()
    tin = UnicodeAttribute()
    sst_number = UnicodeAttribute(null=True)
    base_currency = UnicodeAttribute()
    fiscal_year_start_month = NumberAttribute()
    time_zone = UnicodeAttribute()
    address = MapAttribute[str, Any](null=True)
    admin_email = UnicodeAttribute()
    admin_user_id = UnicodeAttribute(null=True)
    # A string set, so switching one applet on or off is an atomic ADD/DELETE.
    applets = UnicodeSetAttribute(null=True)
    # Active users holding the admin role; a conditional decrement guards "the last admin".
    admin_count = NumberAttribute(default=0)
    # Bumped by every change of roles or switched-on applets: the access projection carries the
    # version it was built from, and a write never replaces a newer one.
    access_version = NumberAttribute(default=0)
    failure = UnicodeAttribute(null=True)

    @classmethod
    def key(cls, tenant_id: str) -> tuple[str, str]:
        return tenant_pk(tenant_id), PROFILE_SK


class RegistryEntry(PlatformItem):
    """A tenant in the registry of active tenants (``PK = TENANTS``)."""

    tenant_id = UnicodeAttribute()

    @classmethod
    def key(cls, tenant_id: str) -> tuple[str, str]:
        return REGISTRY_PK, tenant_id


class UserRecord(PlatformItem):
    tenant_id = UnicodeAttribute()
    user_id = UnicodeAttribute()  # the Cognito sub
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    roles = ListAttribute[str](default=list)
    status = UnicodeAttribute(default="active")  # active | disabled
    version = VersionAttribute()

    @classmethod
    def key(cls, tenant_id: str, user_id: str) -> tuple[str, str]:
        return tenant_pk(tenant_id), f"{USER_PREFIX}{user_id}"

    @property
    def active_admin(self) -> bool:
        return self.status == "active" and "admin" in (self.roles or [])


class RoleRecord(PlatformItem):
    tenant_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    permissions = ListAttribute[str](default=list)
    built_in = BooleanAttribute(default=False)

    @classmethod
    def key(cls, tenant_id: str, name: str) -> tuple[str, str]:
        return tenant_pk(tenant_id), f"{ROLE_PREFIX}{name}"


class InvitationRecord(PlatformItem):
    tenant_id = UnicodeAttribute()
    invitation_id = UnicodeAttribute()
    token_sha256 = UnicodeAttribute()
    email = UnicodeAttribute()
    roles = ListAttribute[str](default=list)
    status = UnicodeAttribute(default="pending")  # pending | accepted
    invited_by = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    accepted_user_id = UnicodeAttribute(null=True)

    @classmethod
    def key(cls, tenant_id: str, token_sha256: str) -> tuple[str, str]:
        return tenant_pk(tenant_id), f"{INVITE_PREFIX}{token_sha256}"


class EmailGuard(PlatformItem):
    """One per e-mail address in the user pool: an e-mail belongs to one user of one tenant."""

    email = UnicodeAttribute()
    tenant_id = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # pending (sign-up/acceptance under way) | claimed
    purpose = UnicodeAttribute()  # signup | invitation

    @classmethod
    def key(cls, email: str) -> tuple[str, str]:
        return email_pk(email), EMAIL_SK


class ConnectionRecord(PlatformItem):
    """A marketplace shop connected to a company, with what its orders book to (hub ids)."""

    tenant_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()  # "<platform>-<shop id>"
    platform = UnicodeAttribute()
    shop_id = UnicodeAttribute()
    name = UnicodeAttribute()
    status = UnicodeAttribute(default="active")  # active | paused
    settings = MapAttribute[str, Any]()  # ConnectionSettings' fields
    credentials_secret = UnicodeAttribute()  # the Secrets Manager name of the shop's tokens
    credentials_updated_at = UnicodeAttribute(null=True)
    version = VersionAttribute()

    @classmethod
    def key(cls, platform: str, shop_id: str) -> tuple[str, str]:
        return shop_pk(platform, shop_id), CONNECTION_SK


class ConnectionEntry(PlatformItem):
    """A company's list of its shops (``PK = CONNECTIONS#<tenant>``), and the registry of every connected
    shop (``PK = CONNECTIONS``)."""

    tenant_id = UnicodeAttribute()
    connection_id = UnicodeAttribute()

    @classmethod
    def listed(cls, tenant_id: str, platform: str, shop_id: str) -> tuple[str, str]:
        return f"{CONNECTIONS_PK}#{tenant_id}", f"{platform}#{shop_id}"

    @classmethod
    def registered(cls, platform: str, shop_id: str) -> tuple[str, str]:
        return CONNECTIONS_PK, f"{platform}#{shop_id}"


def shop_pk(platform: str, shop_id: str) -> str:
    return f"{SHOP_PREFIX}{platform}#{shop_id}"


MODELS: tuple[type[PlatformItem], ...] = (
    PlatformItem,
    TenantRecord,
    UserRecord,
    RoleRecord,
    InvitationRecord,
    EmailGuard,
    ConnectionRecord,
    ConnectionEntry,
)


def reset_connections() -> None:
    """Forget cached connections (tests that switch endpoints or regions)."""
    for model in MODELS:
        model._connection = None


def transact_write() -> TransactWrite:
    """A write transaction on the platform table's endpoint and region."""
    meta: Any = PlatformItem.Meta
    return TransactWrite(connection=Connection(region=meta.region, host=meta.host))
