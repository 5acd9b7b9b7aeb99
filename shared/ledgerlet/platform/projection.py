"""Mirror users, roles and switched-on applets into the hub's access projection.

Applet functions authorize every request from these items (:mod:`ledgerlet.access`); the control
plane rewrites them after every change, from the platform table (the source of truth), so a rewrite
is idempotent.
"""

from __future__ import annotations

from ledgerlet.applets import CATALOGUE
from ledgerlet.hub.aws import dynamodb
from ledgerlet.platform.models import (
    ROLE_PREFIX,
    USER_PREFIX,
    RoleRecord,
    TenantRecord,
    UserRecord,
    tenant_pk,
)
from ledgerlet.settings import settings


def enabled_applets(tenant: TenantRecord) -> list[str]:
    """Switched-on applets; core ones are always on."""
    on = set(tenant.applets or ()) | {applet.id for applet in CATALOGUE if applet.core}
    return [applet.id for applet in CATALOGUE if applet.id in on]


def load_roles(tenant_id: str) -> dict[str, list[str]]:
    return {
        role.name: list(role.permissions or [])
        for role in RoleRecord.query(tenant_pk(tenant_id), RoleRecord.SK.startswith(ROLE_PREFIX), consistent_read=True)
    }


def load_users(tenant_id: str) -> list[UserRecord]:
    return list(UserRecord.query(tenant_pk(tenant_id), UserRecord.SK.startswith(USER_PREFIX), consistent_read=True))


def sync_tenant(tenant_id: str) -> None:
    """Rewrite the tenant item: switched-on applets and every role's permissions."""
    from ledgerlet.access import tenant_access_item

    tenant = TenantRecord.get(*TenantRecord.key(tenant_id), consistent_read=True)
    item = tenant_access_item(tenant_id, enabled_applets(tenant), load_roles(tenant_id))
    dynamodb().put_item(TableName=settings().hub_table, Item=item)


def sync_user(user: UserRecord) -> None:
    from ledgerlet.access import user_access_item

    item = user_access_item(user.tenant_id, user.user_id, user.email, list(user.roles or []), user.status)
    dynamodb().put_item(TableName=settings().hub_table, Item=item)


def sync_all(tenant_id: str) -> None:
    """The tenant item and every user's item (onboarding, repairs)."""
    sync_tenant(tenant_id)
    for user in load_users(tenant_id):
        sync_user(user)
