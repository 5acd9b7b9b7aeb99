"""Who is calling and what they may do on the control plane.

The tenant comes only from the verified token's ``custom:tenant_id`` claim. Permissions are checked
with the same model as the applets (:func:`ledgerlet.applets.grants`), against the roles and users in
the platform table (the source of the hub's access projection).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerlet.applets import grants
from ledgerlet.errors import Conflict, Unauthorized, no_access, not_permitted, user_disabled
from ledgerlet.platform.models import TenantRecord, UserRecord
from ledgerlet.platform.projection import load_roles

TENANT_CLAIM = "custom:tenant_id"


@dataclass(frozen=True)
class Principal:
    tenant_id: str
    user_id: str
    email: str


@dataclass(frozen=True)
class CallerContext:
    principal: Principal
    tenant: TenantRecord
    user: UserRecord
    roles: dict[str, list[str]]

    @property
    def permissions(self) -> list[str]:
        seen: dict[str, None] = {}
        for role in self.user.roles or []:
            for permission in self.roles.get(role, []):
                seen.setdefault(permission, None)
        return list(seen)


def principal_from_claims(claims: dict[str, Any] | None) -> Principal:
    claims = claims or {}
    tenant_id = claims.get(TENANT_CLAIM)
    user_id = claims.get("sub")
    if not tenant_id or not user_id:
        raise Unauthorized("the token carries no tenant")
    return Principal(tenant_id=str(tenant_id), user_id=str(user_id), email=str(claims.get("email", "")))


def caller_context(principal: Principal, permission: tuple[str, str] | None) -> CallerContext:
    """Load the caller's user, company and roles; check ``permission`` (``(applet, action)``) if given."""
    try:
        tenant = TenantRecord.get(*TenantRecord.key(principal.tenant_id), consistent_read=True)
        user = UserRecord.get(*UserRecord.key(principal.tenant_id, principal.user_id), consistent_read=True)
    except (TenantRecord.DoesNotExist, UserRecord.DoesNotExist) as exc:
        raise no_access() from exc
    context = CallerContext(principal, tenant, user, load_roles(principal.tenant_id))
    if permission is None:
        return context
    if user.status != "active":
        raise user_disabled()
    if tenant.status != "active":
        raise Conflict(f"the company is not ready yet (status {tenant.status})")
    applet, action = permission
    if not grants(context.permissions, applet, action):
        raise not_permitted(applet, action)
    return context
