"""The authenticated control plane: the company, users, invitations, roles, the applet store."""

from __future__ import annotations

from typing import Any

import pytest

from tests.platform.conftest import PASSWORD, Api

ADDRESS = {"line1": "Lot 12, Jalan Tun Razak", "city": "Kuala Lumpur", "postcode": "50400", "state": "Kuala Lumpur"}


@pytest.fixture
def admin(api: Api) -> dict[str, Any]:
    return api.onboard("owner@contoh.com.my")


def _invite_and_accept(api: Api, admin: dict[str, Any], email: str, roles: list[str]) -> dict[str, Any]:
    invited = api.call("POST", "/v1/platform/invitations", {"email": email, "roles": roles}, claims=admin)
    assert invited.status == 201, invited.body
    accepted = api.call(
        "POST",
        "/v1/platform/invitations/accept",
        {"token": invited.body["token"], "name": "Tan Mei Ling", "password": PASSWORD},
        resource="/v1/platform/invitations/accept",
    )
    assert accepted.status == 201, accepted.body
    return api.claims_for(email)


def _projection(tenant_id: str, sk: str) -> dict[str, Any]:
    import boto3

    from ledgerlet.hub.codec import from_item

    item = boto3.client("dynamodb").get_item(
        TableName="test-hub", Key={"PK": {"S": f"{tenant_id}#ACCESS"}, "SK": {"S": sk}}
    )["Item"]
    return from_item(item)


# ------------------------------------------------------------------------------ tokens and routing
def test_authenticated_routes_need_a_token_with_a_tenant(api: Api, admin: dict[str, Any]) -> None:
    assert api.call("GET", "/v1/platform/me").status == 401
    no_tenant = {k: v for k, v in admin.items() if k != "custom:tenant_id"}
    answer = api.call("GET", "/v1/platform/users", claims=no_tenant)
    assert answer.status == 401 and answer.headers["Content-Type"] == "application/problem+json"


def test_unknown_routes_and_methods_are_problems(api: Api, admin: dict[str, Any]) -> None:
    missing = api.call("GET", "/v1/platform/nothing-here", claims=admin)
    assert missing.status == 404 and missing.body["title"] == "Not found"
    wrong = api.call("DELETE", "/v1/platform/tenant", claims=admin)
    assert wrong.status == 405 and wrong.headers["Allow"] == "GET, PATCH"


def test_operations_and_chalice_routes_match() -> None:
    from functions.platform.app import app
    from ledgerlet.platform.operations import OPERATIONS

    routes = {(method, path) for path, methods in app.routes.items() for method in methods}
    assert routes == {(op.method, op.path) for op in OPERATIONS}
    assert len(OPERATIONS) == len(routes)
    for op in OPERATIONS:
        assert op.public == (op.permission is None and op.operation_id != "get_me")
        for name in op.path_params:
            assert name in app.routes[op.path][op.method].view_args


def test_public_routes_are_the_declared_public_routes() -> None:
    """The control plane's operations marked public are the routes its declaration exempts from the
    authorizer (the API's definition is written from the declaration)."""
    from ledgerlet.platform.applet import DOMAIN
    from ledgerlet.platform.operations import OPERATIONS

    routes = DOMAIN.function("PlatformFunction").routes
    public = {(route.method.upper(), route.path) for route in routes if route.public}
    assert public == {(op.method, op.path) for op in OPERATIONS if op.public}


# ------------------------------------------------------------------------------ the company
def test_company_profile_read_and_patch(api: Api, admin: dict[str, Any]) -> None:
    patched = api.call(
        "PATCH",
        "/v1/platform/tenant",
        {"legal_name": "Contoh Holdings Sdn Bhd", "address": ADDRESS, "fiscal_year_start_month": 7, "sst_number": None},
        claims=admin,
    )
    assert patched.status == 200, patched.body
    profile = api.call("GET", "/v1/platform/tenant", claims=admin).body
    assert profile["legal_name"] == "Contoh Holdings Sdn Bhd" and profile["fiscal_year_start_month"] == 7
    assert profile["address"]["state"] == "Kuala Lumpur" and profile["sst_number"] is None
    assert profile["tin"] == "C1234567890" and profile["base_currency"] == "MYR"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_currency": "USD"}, "body.base_currency"),
        ({"base_currency": "MYR"}, "body.base_currency"),
        ({"legal_name": None}, "body.legal_name"),
        ({"address": {**ADDRESS, "postcode": "5040"}}, "body.address.postcode"),
        ({"address": {**ADDRESS, "state": "Bavaria"}}, "body.address.state"),
        ({"time_zone": "Nowhere/Else"}, "body.time_zone"),
    ],
)
def test_company_patch_422_names_the_field(api: Api, admin: dict[str, Any], body: dict[str, Any], field: str) -> None:
    answer = api.call("PATCH", "/v1/platform/tenant", body, claims=admin)
    assert answer.status == 422, answer.body
    assert answer.fields == [field]


# ------------------------------------------------------------------------------ users and invitations
def test_invitation_accept_creates_a_user_in_the_inviting_company(api: Api, admin: dict[str, Any]) -> None:
    invited = api.call(
        "POST", "/v1/platform/invitations", {"email": "Clerk@Contoh.com.my", "roles": ["sales"]}, claims=admin
    )
    assert invited.status == 201 and invited.body["token"].startswith(admin["custom:tenant_id"] + ".")
    listed = api.call("GET", "/v1/platform/invitations", claims=admin).body["items"]
    assert [i["email"] for i in listed] == ["clerk@contoh.com.my"] and "token" not in listed[0]

    accept = {"token": invited.body["token"], "name": "Tan Mei Ling", "password": PASSWORD}
    accepted = api.call("POST", "/v1/platform/invitations/accept", accept)
    assert accepted.status == 201, accepted.body
    assert accepted.body["tenant_id"] == admin["custom:tenant_id"] and accepted.body["user"]["roles"] == ["sales"]

    clerk = api.claims_for("clerk@contoh.com.my")
    assert clerk["custom:tenant_id"] == admin["custom:tenant_id"]
    assert _projection(admin["custom:tenant_id"], f"USER#{clerk['sub']}")["roles"] == ["sales"]
    assert api.call("GET", "/v1/platform/invitations", claims=admin).body["items"][0]["status"] == "accepted"
    again = api.call("POST", "/v1/platform/invitations/accept", accept)
    assert again.status == 422 and again.fields == ["body.token"]


def test_invitation_validation(api: Api, admin: dict[str, Any]) -> None:
    unknown_role = api.call(
        "POST", "/v1/platform/invitations", {"email": "a@b.my", "roles": ["viewer", "boss"]}, claims=admin
    )
    assert unknown_role.status == 422 and unknown_role.fields == ["body.roles.1"]
    existing = api.call(
        "POST", "/v1/platform/invitations", {"email": "owner@contoh.com.my", "roles": ["viewer"]}, claims=admin
    )
    assert existing.status == 409 and existing.fields == ["body.email"]
    forged = api.call(
        "POST",
        "/v1/platform/invitations/accept",
        {"token": f"{admin['custom:tenant_id']}.forged", "name": "X", "password": PASSWORD},
    )
    assert forged.status == 422 and forged.fields == ["body.token"]
    invited = api.call("POST", "/v1/platform/invitations", {"email": "weak@b.my", "roles": ["viewer"]}, claims=admin)
    weak = api.call(
        "POST", "/v1/platform/invitations/accept", {"token": invited.body["token"], "name": "X", "password": "short"}
    )
    assert weak.status == 422 and weak.fields == ["body.password"]


def test_permissions_are_enforced(api: Api, admin: dict[str, Any]) -> None:
    viewer = _invite_and_accept(api, admin, "viewer@contoh.com.my", ["viewer"])
    assert api.call("GET", "/v1/platform/users", claims=viewer).status == 200
    assert api.call("GET", "/v1/platform/me", claims=viewer).body["permissions"] == ["*:read"]
    for method, path, body in (
        ("PATCH", "/v1/platform/tenant", {"legal_name": "Mine Sdn Bhd"}),
        ("POST", "/v1/platform/invitations", {"email": "x@y.my", "roles": ["admin"]}),
        ("PUT", "/v1/platform/roles/boss", {"permissions": ["*"]}),
        ("PUT", "/v1/platform/applets/customers", {"enabled": False}),
        ("PATCH", f"/v1/platform/users/{viewer['sub']}", {"roles": ["admin"]}),
    ):
        answer = api.call(method, path, body, claims=viewer)
        assert answer.status == 403, (path, answer.body)
        assert answer.body["title"] == "Forbidden"
        assert answer.body["code"] == "forbidden.permission" and ":" in answer.body["params"]["permission"]


def test_disabling_a_user_blocks_them_and_updates_the_projection(api: Api, admin: dict[str, Any]) -> None:
    clerk = _invite_and_accept(api, admin, "clerk@contoh.com.my", ["accountant"])
    answer = api.call("PATCH", f"/v1/platform/users/{clerk['sub']}", {"status": "disabled"}, claims=admin)
    assert answer.status == 200 and answer.body["status"] == "disabled"
    assert _projection(admin["custom:tenant_id"], f"USER#{clerk['sub']}")["status"] == "disabled"
    assert api.call("GET", "/v1/platform/tenant", claims=clerk).status == 403
    login = api.call("POST", "/v1/platform/login", {"email": "clerk@contoh.com.my", "password": PASSWORD})
    assert login.status == 401


def test_the_last_admin_cannot_be_removed(api: Api, admin: dict[str, Any]) -> None:
    me = admin["sub"]
    demote = api.call("PATCH", f"/v1/platform/users/{me}", {"roles": ["viewer"]}, claims=admin)
    assert demote.status == 409 and demote.fields == ["body.roles"]
    disable = api.call("PATCH", f"/v1/platform/users/{me}", {"status": "disabled"}, claims=admin)
    assert disable.status == 409 and disable.fields == ["body.status"]

    second = _invite_and_accept(api, admin, "second@contoh.com.my", ["admin"])
    assert api.call("PATCH", f"/v1/platform/users/{me}", {"roles": ["viewer"]}, claims=admin).status == 200
    again = api.call("PATCH", f"/v1/platform/users/{second['sub']}", {"roles": ["viewer"]}, claims=second)
    assert again.status == 409
    unknown = api.call("PATCH", f"/v1/platform/users/{second['sub']}", {"roles": ["ghost"]}, claims=second)
    assert unknown.status == 422 and unknown.fields == ["body.roles.0"]


def test_a_user_of_another_company_never_sees_this_companys_users(api: Api, admin: dict[str, Any]) -> None:
    other = api.onboard("boss@lain.com.my", name="Syarikat Lain Sdn Bhd")
    assert other["custom:tenant_id"] != admin["custom:tenant_id"]

    theirs = api.call("GET", "/v1/platform/users", claims=other).body["items"]
    assert [u["email"] for u in theirs] == ["boss@lain.com.my"]
    ours = api.call("GET", "/v1/platform/users", claims=admin).body["items"]
    assert [u["email"] for u in ours] == ["owner@contoh.com.my"]
    reach = api.call("PATCH", f"/v1/platform/users/{admin['sub']}", {"status": "disabled"}, claims=other)
    assert reach.status == 404
    # A token whose tenant claim names a company the user is not in gets nothing.
    forged = {**other, "custom:tenant_id": admin["custom:tenant_id"]}
    assert api.call("GET", "/v1/platform/users", claims=forged).status == 403


# ------------------------------------------------------------------------------ roles
def test_permission_catalogue(api: Api, admin: dict[str, Any]) -> None:
    catalogue = api.call("GET", "/v1/platform/permissions", claims=admin).body
    by_id = {a["id"]: a for a in catalogue["applets"]}
    assert by_id["users"]["actions"] == ["read", "invite", "update"] and by_id["customers"]["core"] is False


def test_roles_are_validated_against_the_catalogue(api: Api, admin: dict[str, Any]) -> None:
    good = api.call(
        "PUT",
        "/v1/platform/roles/cashier",
        {"description": "Front counter", "permissions": ["customers:create", "cash-books:*", "*:read"]},
        claims=admin,
    )
    assert good.status == 200, good.body
    assert good.body == {
        "name": "cashier",
        "description": "Front counter",
        "built_in": False,
        "users": 0,
        "permissions": ["customers:create", "cash-books:*", "*:read"],
    }
    assert _projection(admin["custom:tenant_id"], "TENANT")["roles"]["cashier"] == good.body["permissions"]

    bad = api.call(
        "PUT",
        "/v1/platform/roles/cashier",
        {"permissions": ["customers:read", "customers:fly", "nope:read", "customers", "*:*", "*:invite"]},
        claims=admin,
    )
    assert bad.status == 422 and bad.fields == ["body.permissions.1", "body.permissions.2", "body.permissions.3"]
    assert api.call("PUT", "/v1/platform/roles/admin", {"permissions": ["*:read"]}, claims=admin).status == 409
    assert api.call("PUT", "/v1/platform/roles/Bad Name", {"permissions": []}, claims=admin).fields == ["path.role"]


def test_roles_in_use_cannot_be_deleted(api: Api, admin: dict[str, Any]) -> None:
    _invite_and_accept(api, admin, "clerk@contoh.com.my", ["storekeeper"])
    in_use = api.call("DELETE", "/v1/platform/roles/storekeeper", claims=admin)
    assert in_use.status == 409 and in_use.fields == ["path.role"]
    assert api.call("DELETE", "/v1/platform/roles/admin", claims=admin).status == 409
    assert api.call("DELETE", "/v1/platform/roles/ghost", claims=admin).status == 404

    deleted = api.call("DELETE", "/v1/platform/roles/sales", claims=admin)
    assert deleted.status == 204 and deleted.body is None
    assert "sales" not in _projection(admin["custom:tenant_id"], "TENANT")["roles"]
    assert "sales" not in {r["name"] for r in api.call("GET", "/v1/platform/roles", claims=admin).body["items"]}


def test_a_rewrite_built_from_older_data_never_brings_back_a_revoked_permission(
    api: Api, admin: dict[str, Any]
) -> None:
    """Two role edits at once each rewrite the access projection from what they read. Before, the one
    that read before the other's revocation could land last and give the permission back."""
    from ledgerlet.platform import projection

    tenant_id = admin["custom:tenant_id"]
    granted = api.call("PUT", "/v1/platform/roles/cashier", {"permissions": ["receipts:*"]}, claims=admin)
    assert granted.status == 200, granted.body
    stale = projection.tenant_item(tenant_id)  # a concurrent edit's rewrite, built now ...
    revoked = api.call("PUT", "/v1/platform/roles/cashier", {"permissions": ["receipts:read"]}, claims=admin)
    assert revoked.status == 200, revoked.body
    assert not projection.write_newer(stale)  # ... and landing after the revocation: refused
    assert _projection(tenant_id, "TENANT")["roles"]["cashier"] == ["receipts:read"]
    # The same holds for switching applets, and for a user's own item
    before_switch = projection.tenant_item(tenant_id)
    assert api.call("PUT", "/v1/platform/applets/price-books", {"enabled": False}, claims=admin).status == 200
    assert not projection.write_newer(before_switch)
    assert "price-books" not in _projection(tenant_id, "TENANT")["applets"]


# ------------------------------------------------------------------------------ applet store
def test_switching_applets_rewrites_the_access_projection(api: Api, admin: dict[str, Any]) -> None:
    from ledgerlet.access import load_access
    from ledgerlet.errors import Forbidden
    from ledgerlet.hub.aws import dynamodb

    tenant_id = admin["custom:tenant_id"]
    off = api.call("PUT", "/v1/platform/applets/customers", {"enabled": False}, claims=admin)
    assert off.status == 200 and off.body["enabled"] is False
    assert "customers" not in _projection(tenant_id, "TENANT")["applets"]
    with pytest.raises(Forbidden):
        load_access(dynamodb(), tenant_id, admin["sub"]).check("customers", "read")
    listed = {a["id"]: a["enabled"] for a in api.call("GET", "/v1/platform/applets", claims=admin).body["items"]}
    assert listed["customers"] is False and listed["accounts"] is True

    on = api.call("PUT", "/v1/platform/applets/customers", {"enabled": True}, claims=admin)
    assert on.status == 200 and on.body["enabled"] is True
    load_access(dynamodb(), tenant_id, admin["sub"]).check("customers", "read")


def test_core_applets_cannot_be_switched_off(api: Api, admin: dict[str, Any]) -> None:
    core = api.call("PUT", "/v1/platform/applets/accounts", {"enabled": False}, claims=admin)
    assert core.status == 409 and core.fields == ["body.enabled"]
    assert api.call("PUT", "/v1/platform/applets/payroll", {"enabled": True}, claims=admin).status == 404
    assert api.call("PUT", "/v1/platform/applets/items", {"enabled": "no"}, claims=admin).fields == ["body.enabled"]


def test_state_machine_definition_lints() -> None:
    import json
    import subprocess
    import sys

    from tests.support.events import ROOT

    command = [
        sys.executable,
        str(ROOT / "infra/tools/lint_statemachines.py"),
        str(ROOT / "statemachines/onboarding.asl.json"),
    ]
    lint = subprocess.run(command, capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    states = json.loads((ROOT / "statemachines/onboarding.asl.json").read_text())["States"]
    for name in ("SeedDefaults", "SwitchOnDefaultApplets", "Activate"):
        assert states[name]["Resource"] == f"${{{name}FunctionArn}}"
        assert states[name]["Retry"][0]["ErrorEquals"] == ["States.TaskFailed"]
        assert states[name]["Catch"][0]["Next"] == "MarkFailed"
    assert states["MarkFailed"]["Next"] == "OnboardingFailed" and states["OnboardingFailed"]["Type"] == "Fail"
