"""Mirror users, roles and switched-on applets into the hub's access projection.

Applet functions authorize every request from these items (:mod:`ledgerlet.access`); the control
plane rewrites them after every change, from the platform table (the source of truth), so a rewrite
is idempotent. Each item carries the version of the data it was built from (the tenant's
``access_version``, bumped by every role or applet change after it is made; a user's record
version) and is written only over an older one: of two concurrent rewrites, the one built from older
data can never land last and bring back a revoked permission.
"""

from __future__ import annotations

from typing import Any

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


def roles_changed(tenant_id: str) -> None:
    """After a role was saved or deleted: a new access version, then the tenant item rewritten."""
    TenantRecord(*TenantRecord.key(tenant_id)).update(
        actions=[TenantRecord.access_version.add(1)], condition=TenantRecord.PK.exists()
    )
    sync_tenant(tenant_id)


def tenant_item(tenant_id: str) -> dict[str, Any]:
    """The tenant item from the platform table now: the version read first, then what it versions."""
    from ledgerlet.access import tenant_access_item

    tenant = TenantRecord.get(*TenantRecord.key(tenant_id), consistent_read=True)
    version = int(tenant.access_version or 0)
    return tenant_access_item(tenant_id, enabled_applets(tenant), load_roles(tenant_id), version)


def sync_tenant(tenant_id: str) -> None:
    """Rewrite the tenant item: switched-on applets and every role's permissions."""
    write_newer(tenant_item(tenant_id))


def sync_user(user: UserRecord) -> None:
    from ledgerlet.access import user_access_item

    roles, version = list(user.roles or []), int(user.version or 0)
    write_newer(user_access_item(user.tenant_id, user.user_id, user.email, roles, user.status, version=version))


def write_newer(item: dict[str, Any]) -> bool:
    """Write an access item unless the projection already holds one built from newer data."""
    db = dynamodb()
    try:
        db.put_item(
            TableName=settings().hub_table,
            Item=item,
            ConditionExpression="attribute_not_exists(PK) OR #version < :version OR attribute_not_exists(#version)",
            ExpressionAttributeNames={"#version": "version"},
            ExpressionAttributeValues={":version": item["version"]},
        )
    except db.exceptions.ConditionalCheckFailedException:
        return False
    return True


def sync_profile(tenant: TenantRecord) -> bool:
    """Copy the company profile into the hub (``ledgerlet.company``), unless a newer copy is there."""
    from ledgerlet.company import profile_item

    profile = {name: getattr(tenant, name) for name in ("legal_name", "brn", "tin", "sst_number", "base_currency")}
    profile["time_zone"] = tenant.time_zone
    address = tenant.address.as_dict() if hasattr(tenant.address, "as_dict") else tenant.address
    profile["address"] = dict(address) if address else None  # printed on receipts and vouchers
    return write_newer(profile_item(tenant.tenant_id, profile, tenant.updated_at))


def sync_all(tenant_id: str) -> None:
    """The tenant item, the profile's copy and every user's item (onboarding, repairs)."""
    sync_tenant(tenant_id)
    sync_profile(TenantRecord.get(*TenantRecord.key(tenant_id), consistent_read=True))
    for user in load_users(tenant_id):
        sync_user(user)
