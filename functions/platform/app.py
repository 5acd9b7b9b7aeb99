"""The control plane's HTTP API (Chalice): sign-up, login, the company, users, roles, the applet store.

Thin by design: each route hands its validated body and authorized caller to a service in
``ledgerlet.platform``. Routes, permissions and models are declared in ``ledgerlet.platform.operations``.
"""

from __future__ import annotations

from typing import Any

from ledgerlet.platform import connections, identity, invitations, roles, schemas, signup, store, tenants, users
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.web import PlatformChalice, endpoint

app = PlatformChalice(app_name="ledgerlet-platform")


def _remaining_ms() -> int | None:
    context: Any = getattr(app, "lambda_context", None)
    getter = getattr(context, "get_remaining_time_in_millis", None)
    return int(getter()) if callable(getter) else None


# --------------------------------------------------------------------------- public
@endpoint(app, "signup")
def create_signup(body: schemas.SignupRequest) -> tuple[int, schemas.SignupResponse]:
    result = signup.signup(body, signup.wait_budget(_remaining_ms()))
    return result.status, result.body


@endpoint(app, "login")
def login(body: schemas.LoginRequest) -> schemas.Tokens:
    return identity.login(body.email, body.password)


@endpoint(app, "refresh")
def refresh(body: schemas.RefreshRequest) -> schemas.Tokens:
    return identity.refresh(body.refresh_token)


@endpoint(app, "accept_invitation")
def accept_invitation(body: schemas.InvitationAccept) -> schemas.InvitationAccepted:
    return invitations.accept(body)


# --------------------------------------------------------------------------- the company
@endpoint(app, "get_me")
def get_me(ctx: CallerContext) -> schemas.Me:
    return tenants.me(ctx)


@endpoint(app, "get_tenant")
def get_tenant(ctx: CallerContext) -> schemas.TenantProfile:
    return tenants.get_profile(ctx)


@endpoint(app, "update_tenant")
def update_tenant(ctx: CallerContext, body: schemas.TenantPatch) -> schemas.TenantProfile:
    return tenants.update_profile(ctx, body)


# --------------------------------------------------------------------------- users and invitations
@endpoint(app, "list_users")
def list_users(ctx: CallerContext) -> schemas.UserList:
    return users.list_users(ctx)


@endpoint(app, "update_user")
def update_user(ctx: CallerContext, body: schemas.UserPatch, user_id: str) -> schemas.User:
    return users.update_user(ctx, user_id, body)


@endpoint(app, "create_invitation")
def create_invitation(ctx: CallerContext, body: schemas.InvitationCreate) -> schemas.InvitationCreated:
    return invitations.create(ctx, body)


@endpoint(app, "list_invitations")
def list_invitations(ctx: CallerContext) -> schemas.InvitationList:
    return invitations.list_invitations(ctx)


# --------------------------------------------------------------------------- roles
@endpoint(app, "list_permissions")
def list_permissions(ctx: CallerContext) -> schemas.PermissionCatalogue:
    return roles.catalogue()


@endpoint(app, "list_roles")
def list_roles(ctx: CallerContext) -> schemas.RoleList:
    return roles.list_roles(ctx)


@endpoint(app, "put_role")
def put_role(ctx: CallerContext, body: schemas.RolePut, role: str) -> schemas.Role:
    return roles.put_role(ctx, role, body)


@endpoint(app, "delete_role")
def delete_role(ctx: CallerContext, role: str) -> None:
    roles.delete_role(ctx, role)


# --------------------------------------------------------------------------- applet store
@endpoint(app, "list_applets")
def list_applets(ctx: CallerContext) -> schemas.AppletList:
    return store.list_applets(ctx)


@endpoint(app, "toggle_applet")
def toggle_applet(ctx: CallerContext, body: schemas.AppletToggle, applet_id: str) -> schemas.Applet:
    return store.toggle(ctx, applet_id, body)


# --------------------------------------------------------------------------- marketplace connections
@endpoint(app, "list_connections")
def list_connections(ctx: CallerContext) -> schemas.ConnectionList:
    return connections.list_connections(ctx)


@endpoint(app, "create_connection")
def create_connection(ctx: CallerContext, body: schemas.ConnectionCreate) -> tuple[int, schemas.Connection]:
    return 201, connections.create_connection(ctx, body)


@endpoint(app, "get_connection")
def get_connection(ctx: CallerContext, connection_id: str) -> schemas.Connection:
    return connections.get_connection(ctx, connection_id)


@endpoint(app, "update_connection")
def update_connection(ctx: CallerContext, body: schemas.ConnectionPatch, connection_id: str) -> schemas.Connection:
    return connections.update_connection(ctx, connection_id, body)
