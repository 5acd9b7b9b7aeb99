"""Users of a company: listing, changing roles and status (never losing the last admin)."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_fields
from ledgerlet.platform import identity, projection, schemas
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.common import cancellation_codes, now_iso
from ledgerlet.platform.models import TenantRecord, UserRecord, transact_write
from ledgerlet.platform.tenants import user_view

ADMIN = "admin"


def list_users(ctx: CallerContext) -> schemas.UserList:
    users = sorted(projection.load_users(ctx.principal.tenant_id), key=lambda u: (u.email, u.user_id))
    return schemas.UserList(items=[user_view(u) for u in users])


def require_roles_exist(ctx: CallerContext, roles: list[str], field: str) -> None:
    """422 naming ``<field>.<index>`` for each role the company does not have."""
    missing = [
        FieldError(f"{field}.{i}", f"no role named {name!r}", "role.unknown", {"role": name})
        for i, name in enumerate(roles)
        if name not in ctx.roles
    ]
    if missing:
        raise invalid_fields(missing)


def update_user(ctx: CallerContext, user_id: str, patch: schemas.UserPatch) -> schemas.User:
    tenant_id = ctx.principal.tenant_id
    try:
        user = UserRecord.get(*UserRecord.key(tenant_id, user_id), consistent_read=True)
    except UserRecord.DoesNotExist as exc:
        raise NotFound(f"no user {user_id} in this company") from exc
    roles = list(dict.fromkeys(patch.roles)) if patch.roles is not None else list(user.roles or [])
    if patch.roles is not None:
        require_roles_exist(ctx, roles, "body.roles")
    status = patch.status or user.status
    was_admin = user.active_admin
    was_status = user.status
    user.roles, user.status, user.updated_at = roles, status, now_iso()
    delta = int(user.active_admin) - int(was_admin)
    try:
        with transact_write() as tx:
            tx.save(user)  # conditional on the version read above
            if delta:
                tenant = TenantRecord(*TenantRecord.key(tenant_id))
                tx.update(
                    tenant,
                    [TenantRecord.admin_count.add(delta)],
                    condition=(TenantRecord.admin_count > 1) if delta < 0 else None,
                )
    except TransactWriteError as exc:
        codes = cancellation_codes(exc)
        if len(codes) > 1 and codes[1] == "ConditionalCheckFailed":
            field = "body.roles" if patch.roles is not None and ADMIN not in roles else "body.status"
            raise Conflict(
                "the company needs at least one active admin",
                [FieldError(field, "would leave the company without an active admin", "admin.last")],
            ) from exc
        if codes and codes[0] == "ConditionalCheckFailed":
            raise Conflict("the user was changed at the same time; read it again and retry") from exc
        raise
    if status != was_status:
        identity.set_enabled(user.email, status == "active")
    projection.sync_user(user)
    return user_view(user)
