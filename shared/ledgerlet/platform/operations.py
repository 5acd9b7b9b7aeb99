"""Every control-plane route, described once: the Chalice app registers its routes from this list
and the OpenAPI document is built from it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ledgerlet.platform import schemas as s

PREFIX = "/v1/platform"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    request_model: type[BaseModel] | None
    response_model: type[BaseModel] | None
    status: int
    public: bool
    tags: tuple[str, ...]
    operation_id: str = ""
    # (applet, action) the caller's roles must grant; None on public routes and on ``me``.
    permission: tuple[str, str] | None = None
    description: str = ""

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{")]


def _op(
    route: str,
    op_id: str,
    summary: str,
    req: type[BaseModel] | None,
    resp: type[BaseModel] | None,
    *,
    status: int = 200,
    public: bool = False,
    tag: str,
    permission: tuple[str, str] | None = None,
    description: str = "",
) -> Operation:
    """``route`` is ``"<METHOD> <path under /v1/platform>"``."""
    method, _, rel = route.partition(" ")
    return Operation(method, PREFIX + rel, summary, req, resp, status, public, (tag,), op_id, permission, description)


OPERATIONS: tuple[Operation, ...] = (
    _op(
        "POST /signup",
        "signup",
        "Sign up a company and its first admin",
        s.SignupRequest,
        s.SignupResponse,
        status=201,
        public=True,
        tag="Sign-up",
        description="201 when the company is set up within the wait; 202 (status provisioning) when "
        "onboarding is still running: poll GET /v1/platform/me after logging in.",
    ),
    _op(
        "POST /login", "login", "Log in with e-mail and password", s.LoginRequest, s.Tokens, public=True, tag="Sign-up"
    ),
    _op(
        "POST /refresh",
        "refresh",
        "Exchange a refresh token for new tokens",
        s.RefreshRequest,
        s.Tokens,
        public=True,
        tag="Sign-up",
    ),
    _op("GET /me", "get_me", "The caller, their roles and permissions, and their company", None, s.Me, tag="Company"),
    _op(
        "GET /tenant",
        "get_tenant",
        "The company profile",
        None,
        s.TenantProfile,
        tag="Company",
        permission=("company", "read"),
    ),
    _op(
        "PATCH /tenant",
        "update_tenant",
        "Change the company profile",
        s.TenantPatch,
        s.TenantProfile,
        tag="Company",
        permission=("company", "update"),
    ),
    _op("GET /users", "list_users", "The company's users", None, s.UserList, tag="Users", permission=("users", "read")),
    _op(
        "PATCH /users/{user_id}",
        "update_user",
        "Change a user's roles or status",
        s.UserPatch,
        s.User,
        tag="Users",
        permission=("users", "update"),
        description="The last active admin cannot lose the admin role or be disabled (409).",
    ),
    _op(
        "POST /invitations",
        "create_invitation",
        "Invite someone to the company",
        s.InvitationCreate,
        s.InvitationCreated,
        status=201,
        tag="Users",
        permission=("users", "invite"),
        description="Returns the invitation token once. E-mail delivery is out of scope for now: "
        "pass the token to the invitee yourself.",
    ),
    _op(
        "GET /invitations",
        "list_invitations",
        "The company's invitations",
        None,
        s.InvitationList,
        tag="Users",
        permission=("users", "read"),
    ),
    _op(
        "POST /invitations/accept",
        "accept_invitation",
        "Accept an invitation and create the account",
        s.InvitationAccept,
        s.InvitationAccepted,
        status=201,
        public=True,
        tag="Users",
    ),
    _op(
        "GET /permissions",
        "list_permissions",
        "The permission catalogue: applets and their actions",
        None,
        s.PermissionCatalogue,
        tag="Roles",
        permission=("roles", "read"),
    ),
    _op("GET /roles", "list_roles", "The company's roles", None, s.RoleList, tag="Roles", permission=("roles", "read")),
    _op(
        "PUT /roles/{role}",
        "put_role",
        "Create or replace a role",
        s.RolePut,
        s.Role,
        tag="Roles",
        permission=("roles", "manage"),
        description="The built-in admin role cannot be changed (409).",
    ),
    _op(
        "DELETE /roles/{role}",
        "delete_role",
        "Delete a role no user holds",
        None,
        None,
        status=204,
        tag="Roles",
        permission=("roles", "manage"),
    ),
    _op(
        "GET /applets",
        "list_applets",
        "The applet store, with what is switched on",
        None,
        s.AppletList,
        tag="Applet store",
        permission=("store", "read"),
    ),
    _op(
        "PUT /applets/{applet_id}",
        "toggle_applet",
        "Switch an applet on or off",
        s.AppletToggle,
        s.Applet,
        tag="Applet store",
        permission=("store", "manage"),
        description="Core applets are always on; switching one off is refused (409).",
    ),
)

OPERATIONS += (
    _op(
        "GET /connections",
        "list_connections",
        "The company's marketplace connections",
        None,
        s.ConnectionList,
        tag="Marketplaces",
        permission=("marketplaces", "read"),
    ),
    _op(
        "POST /connections",
        "create_connection",
        "Connect a Shopee or Lazada shop",
        s.ConnectionCreate,
        s.Connection,
        status=201,
        tag="Marketplaces",
        permission=("marketplaces", "manage"),
        description="A shop is connected to one company (409 when another has it). The tokens go to "
        "Secrets Manager and are never answered.",
    ),
    _op(
        "GET /connections/{connection_id}",
        "get_connection",
        "A marketplace connection",
        None,
        s.Connection,
        tag="Marketplaces",
        permission=("marketplaces", "read"),
    ),
    _op(
        "PATCH /connections/{connection_id}",
        "update_connection",
        "Change a marketplace connection, pause it, or replace its tokens",
        s.ConnectionPatch,
        s.Connection,
        tag="Marketplaces",
        permission=("marketplaces", "manage"),
    ),
)

BY_OPERATION_ID = {op.operation_id: op for op in OPERATIONS}
PUBLIC_PATHS = tuple(op.path for op in OPERATIONS if op.public)
