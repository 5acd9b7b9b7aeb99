"""Roles and the permission wizard: permissions are ``<applet>:<action>`` from the applet catalogue."""

from __future__ import annotations

import re

from ledgerlet.applets import CATALOGUE
from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field, invalid_fields
from ledgerlet.formats import FORMATS
from ledgerlet.platform import projection, schemas
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.common import now_iso
from ledgerlet.platform.models import INVITE_PREFIX, ROLE_PREFIX, InvitationRecord, RoleRecord, tenant_pk
from ledgerlet.platform.schemas import ROLE_NAME_PATTERN
from ledgerlet.platform.users import ADMIN

ALL_ACTIONS = sorted({action for applet in CATALOGUE for action in applet.actions})
ACTIONS_BY_APPLET = {applet.id: applet.actions for applet in CATALOGUE}


def catalogue() -> schemas.PermissionCatalogue:
    return schemas.PermissionCatalogue(
        applets=[
            schemas.AppletActions(
                id=a.id,
                name=a.name,
                category=a.category,
                core=a.core,
                actions=list(a.actions),
                needs={action: list(needed) for action, needed in a.needs.items()},
            )
            for a in CATALOGUE
        ],
        wildcards=["*", "<applet>:*", "*:<action>"],
    )


def permission_problem(permission: str) -> str | None:
    """Why ``permission`` is not valid, or None when it is."""
    if permission == "*":
        return None
    applet, sep, action = permission.partition(":")
    if not sep or not applet or not action:
        return "expected <applet>:<action>, <applet>:*, *:<action> or *"
    if applet != "*" and applet not in ACTIONS_BY_APPLET:
        return f"no applet named {applet!r}"
    known = ALL_ACTIONS if applet == "*" else ACTIONS_BY_APPLET[applet]
    if action != "*" and action not in known:
        return f"{applet!r} has no action {action!r} (one of {', '.join(known)})"
    return None


def _view(role: RoleRecord, holders: dict[str, int]) -> schemas.Role:
    return schemas.Role(
        name=role.name,
        description=role.description or "",
        permissions=list(role.permissions or []),
        built_in=bool(role.built_in),
        users=holders.get(role.name, 0),
    )


def _holders(tenant_id: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for user in projection.load_users(tenant_id):
        for role in user.roles or []:
            counts[role] = counts.get(role, 0) + 1
    return counts


def list_roles(ctx: CallerContext) -> schemas.RoleList:
    holders = _holders(ctx.principal.tenant_id)
    roles = RoleRecord.query(
        tenant_pk(ctx.principal.tenant_id), RoleRecord.SK.startswith(ROLE_PREFIX), consistent_read=True
    )
    return schemas.RoleList(items=[_view(r, holders) for r in sorted(roles, key=lambda r: r.name)])


ROLE_FORMAT = FORMATS[ROLE_NAME_PATTERN]  # registered by the schema


def _check_name(name: str) -> None:
    if not re.match(ROLE_NAME_PATTERN, name):
        raise invalid_field(
            "path.role",
            "2-32 characters: lower-case letters, digits and '-', starting with a letter",
            ROLE_FORMAT.code,
            **ROLE_FORMAT.params,
        )
    if name == ADMIN:
        raise Conflict(
            "the built-in admin role cannot be changed",
            [FieldError("path.role", "the built-in admin role cannot be changed", "role.admin_fixed")],
        )


def put_role(ctx: CallerContext, name: str, request: schemas.RolePut) -> schemas.Role:
    _check_name(name)
    problems = [
        FieldError(f"body.permissions.{i}", why, "permission.unknown", {"permission": permission})
        for i, permission in enumerate(request.permissions)
        if (why := permission_problem(permission))
    ]
    if problems:
        raise invalid_fields(problems, named=5)
    tenant_id = ctx.principal.tenant_id
    stamp = now_iso()
    try:
        existing = RoleRecord.get(*RoleRecord.key(tenant_id, name), consistent_read=True)
        created_at, built_in = existing.created_at, bool(existing.built_in)
    except RoleRecord.DoesNotExist:
        created_at, built_in = stamp, False
    role = RoleRecord(
        *RoleRecord.key(tenant_id, name),
        tenant_id=tenant_id,
        name=name,
        description=request.description,
        permissions=list(dict.fromkeys(request.permissions)),
        built_in=built_in,
        created_at=created_at,
        updated_at=stamp,
    )
    role.save()
    projection.roles_changed(tenant_id)
    return _view(role, _holders(tenant_id))


def delete_role(ctx: CallerContext, name: str) -> None:
    _check_name(name)
    tenant_id = ctx.principal.tenant_id
    try:
        role = RoleRecord.get(*RoleRecord.key(tenant_id, name), consistent_read=True)
    except RoleRecord.DoesNotExist as exc:
        raise NotFound(f"no role named {name!r}") from exc
    users = _holders(tenant_id).get(name, 0)
    invited = _pending_invitations_with(tenant_id, name)
    if users or invited:
        raise Conflict(
            f"the role {name!r} is in use ({users} users, {invited} pending invitations)",
            [FieldError("path.role", "is held by users or offered in pending invitations", "role.in_use")],
        )
    role.delete()
    projection.roles_changed(tenant_id)


def _pending_invitations_with(tenant_id: str, role: str) -> int:
    return sum(
        1
        for inv in InvitationRecord.query(tenant_pk(tenant_id), InvitationRecord.SK.startswith(INVITE_PREFIX))
        if inv.status == "pending" and role in (inv.roles or [])
    )
