"""The tenant's access projection in the hub: switched-on applets, roles, and each user's roles.

The control plane owns users, roles and the applet store on its platform table and writes this
projection into the hub under the tenant's own keys, so applet functions decide access with one
tenant-scoped read and never touch the platform table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerlet.applets import BY_ID, grants
from ledgerlet.errors import applet_off, no_access, not_permitted, user_disabled
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item
from ledgerlet.settings import settings


@dataclass(frozen=True)
class Access:
    applets: frozenset[str]
    roles: dict[str, list[str]]
    user_roles: tuple[str, ...]
    user_active: bool
    user_email: str = ""  # as the control plane knows the user (not a token claim the user could edit)

    def permissions(self) -> list[str]:
        return [p for role in self.user_roles for p in self.roles.get(role, [])]

    def check(self, applet: str, action: str) -> None:
        if not self.user_active:
            raise user_disabled()
        if applet not in self.applets and not (applet in BY_ID and BY_ID[applet].core):
            raise applet_off(applet)
        if not grants(self.permissions(), applet, action):
            raise not_permitted(applet, action)


def load_access(db: Any, tenant_id: str, user_id: str) -> Access:
    pk = {"S": keys.access_pk(tenant_id)}
    answer = db.batch_get_item(
        RequestItems={
            settings().hub_table: {
                "Keys": [
                    {"PK": pk, "SK": {"S": keys.ACCESS_TENANT_SK}},
                    {"PK": pk, "SK": {"S": keys.access_user_sk(user_id)}},
                ],
                "ConsistentRead": True,
            }
        }
    )
    found = {item["SK"]["S"]: from_item(item) for item in answer["Responses"].get(settings().hub_table, [])}
    tenant = found.get(keys.ACCESS_TENANT_SK)
    user = found.get(keys.access_user_sk(user_id))
    if tenant is None or user is None:
        raise no_access()
    return Access(
        applets=frozenset(tenant.get("applets", [])),
        roles={name: list(perms) for name, perms in tenant.get("roles", {}).items()},
        user_roles=tuple(user.get("roles", [])),
        user_active=user.get("status", "active") == "active",
        user_email=str(user.get("email") or ""),
    )


def tenant_access_item(
    tenant_id: str, applets: list[str], roles: dict[str, list[str]], version: int = 0
) -> dict[str, Any]:
    """``version``: of the control plane's data it was built from (a write never replaces a newer one)."""
    item = {"PK": keys.access_pk(tenant_id), "SK": keys.ACCESS_TENANT_SK, "applets": applets, "roles": roles}
    return to_item({**item, "version": version})


def user_access_item(
    tenant_id: str, user_id: str, email: str, roles: list[str], status: str, *, version: int = 0
) -> dict[str, Any]:
    return to_item(
        {
            "PK": keys.access_pk(tenant_id),
            "SK": keys.access_user_sk(user_id),
            "email": email,
            "roles": roles,
            "status": status,
            "version": version,
        }
    )
