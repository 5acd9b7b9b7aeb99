"""Sign-up, onboarding, login and refresh."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.platform.conftest import PASSWORD, REGION, Api, signup_body, token_claims


def _item(pk: str, sk: str, table: str = "test-platform") -> dict[str, Any] | None:
    answer = boto3.client("dynamodb", region_name=REGION).get_item(
        TableName=table, Key={"PK": {"S": pk}, "SK": {"S": sk}}, ConsistentRead=True
    )
    return answer.get("Item")


def test_signup_creates_tenant_admin_and_email_guard(api: Api, aws: dict[str, str]) -> None:
    answer = api.signup("Owner@Contoh.com.my")

    assert answer.status == 202, answer.body
    tenant = answer.body["tenant"]
    tenant_id = tenant["id"]
    assert tenant_id.startswith("tnt_") and tenant["status"] == "provisioning"
    assert tenant["base_currency"] == "MYR" and tenant["time_zone"] == "Asia/Kuala_Lumpur"
    user_id = answer.body["admin_user_id"]
    assert _item(f"TENANT#{tenant_id}", "PROFILE")["status"]["S"] == "provisioning"
    user = _item(f"TENANT#{tenant_id}", f"USER#{user_id}")
    assert user["email"]["S"] == "owner@contoh.com.my" and user["roles"]["L"] == [{"S": "admin"}]
    guard = _item("EMAIL#owner@contoh.com.my", "EMAIL")
    assert guard["status"]["S"] == "claimed" and guard["tenant_id"]["S"] == tenant_id
    cognito_user = boto3.client("cognito-idp", region_name=REGION).admin_get_user(
        UserPoolId=aws["user_pool_id"], Username="owner@contoh.com.my"
    )
    attributes = {a["Name"]: a["Value"] for a in cognito_user["UserAttributes"]}
    assert attributes["custom:tenant_id"] == tenant_id and attributes["sub"] == user_id
    executions = boto3.client("stepfunctions", region_name=REGION).list_executions(
        stateMachineArn=aws["state_machine_arn"]
    )["executions"]
    assert [e["name"].startswith(tenant_id + "-") for e in executions] == [True]
    assert api.started[-1] == {
        "tenant_id": tenant_id,
        "admin_user_id": user_id,
        "admin_email": "owner@contoh.com.my",
        "legal_name": "Syarikat Contoh Sdn Bhd",
        "base_currency": "MYR",
        "fiscal_year_start_month": 1,
        "time_zone": "Asia/Kuala_Lumpur",
    }


def test_onboarding_steps_seed_roles_applets_projection_and_activate(
    api: Api, seeded: list[tuple[str, dict[str, Any]]]
) -> None:
    from ledgerlet.access import load_access
    from ledgerlet.applets import DEFAULT_ROLES, default_applets
    from ledgerlet.hub.aws import dynamodb

    claims = api.onboard("owner@contoh.com.my")
    tenant_id = claims["custom:tenant_id"]

    assert seeded[0][0] == tenant_id and seeded[0][1]["legal_name"] == "Syarikat Contoh Sdn Bhd"
    assert seeded[0][1]["actor"].user_id == claims["sub"]
    me = api.call("GET", "/v1/platform/me", claims=claims)
    assert me.status == 200, me.body
    assert me.body["tenant"]["status"] == "active" and me.body["roles"] == ["admin"]
    assert me.body["permissions"] == ["*"] and set(default_applets()) <= set(me.body["applets"])
    roles = api.call("GET", "/v1/platform/roles", claims=claims).body["items"]
    assert {r["name"] for r in roles} == set(DEFAULT_ROLES)
    access = load_access(dynamodb(), tenant_id, claims["sub"])
    assert access.user_roles == ("admin",) and set(access.roles) == set(DEFAULT_ROLES)
    access.check("customers", "create")
    # Active, the company is in the registry scheduled work reads (recurring journals, the sweep)
    from ledgerlet.platform import contract, models

    assert tenant_id in list(contract.active_tenant_ids())
    assert contract.REGISTRY_PK == models.REGISTRY_PK


def test_onboarding_steps_are_idempotent(api: Api) -> None:
    from ledgerlet.platform import onboarding

    claims = api.onboard("owner@contoh.com.my")
    put = api.call(
        "PUT", "/v1/platform/roles/sales", {"description": "Mine", "permissions": ["customers:read"]}, claims=claims
    )
    assert put.status == 200, put.body
    payload = api.started[-1]
    for step in (onboarding.seed_defaults, onboarding.switch_on_default_applets, onboarding.activate):
        assert step(payload) == payload

    roles = {r["name"]: r for r in api.call("GET", "/v1/platform/roles", claims=claims).body["items"]}
    assert roles["sales"]["permissions"] == ["customers:read"]  # a re-run does not reset edited roles
    assert api.call("GET", "/v1/platform/tenant", claims=claims).body["status"] == "active"


def test_signup_answers_201_when_onboarding_finishes_within_the_wait(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from ledgerlet.platform import onboarding

    def run_now(payload: onboarding.OnboardingInput) -> str:
        for step in (onboarding.seed_defaults, onboarding.switch_on_default_applets, onboarding.activate):
            step(payload)
        return "arn:aws:states:ap-southeast-1:123456789012:execution:onboarding:x"

    monkeypatch.setattr(onboarding, "start", run_now)
    monkeypatch.setattr(onboarding, "wait", lambda arn, seconds: "SUCCEEDED")
    monkeypatch.setenv("SIGNUP_WAIT_SECONDS", "5")

    answer = api.signup("owner@contoh.com.my")

    assert answer.status == 201, answer.body
    assert answer.body["tenant"]["status"] == "active"


def test_duplicate_email_is_409_naming_admin_email(api: Api) -> None:
    assert api.signup("owner@contoh.com.my").status == 202
    again = api.signup("OWNER@contoh.com.my", name="Another Sdn Bhd")
    assert again.status == 409
    assert again.headers["Content-Type"] == "application/problem+json"
    assert again.fields == ["body.admin_email"]


def test_a_failure_midway_leaves_nothing_behind_and_a_retry_succeeds(
    api: Api, aws: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ledgerlet.platform import onboarding

    def broken(payload: onboarding.OnboardingInput) -> str:
        raise RuntimeError("states is down")

    real_start = onboarding.start
    monkeypatch.setattr(onboarding, "start", broken)
    failed = api.signup("owner@contoh.com.my")
    assert failed.status == 500 and failed.body["title"] == "Internal server error"
    assert _item("EMAIL#owner@contoh.com.my", "EMAIL") is None
    users = boto3.client("cognito-idp", region_name=REGION).list_users(UserPoolId=aws["user_pool_id"])["Users"]
    assert users == []

    monkeypatch.setattr(onboarding, "start", real_start)
    assert api.signup("owner@contoh.com.my").status == 202


def test_failed_onboarding_marks_the_tenant_failed_and_a_new_signup_reclaims_the_email(
    api: Api, aws: dict[str, str]
) -> None:
    from ledgerlet.platform import onboarding

    first = api.signup("owner@contoh.com.my")
    payload = dict(api.started[-1])
    onboarding.mark_failed({**payload, "error": {"Error": "States.TaskFailed", "Cause": "seed broke"}})
    assert _item(f"TENANT#{payload['tenant_id']}", "PROFILE")["status"]["S"] == "failed"

    second = api.signup("owner@contoh.com.my")

    assert second.status == 202, second.body
    assert second.body["tenant"]["id"] != first.body["tenant"]["id"]
    assert _item(f"TENANT#{payload['tenant_id']}", "PROFILE") is None
    claims = token_claims(api.login("owner@contoh.com.my")["id_token"])
    assert claims["custom:tenant_id"] == second.body["tenant"]["id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tin": "12345"}, "body.tin"),
        ({"admin_password": "alllowercase1"}, "body.admin_password"),
        ({"base_currency": "USD"}, "body.base_currency"),
        ({"fiscal_year_start_month": 13}, "body.fiscal_year_start_month"),
        ({"time_zone": "Mars/Olympus"}, "body.time_zone"),
        ({"admin_email": "not-an-email"}, "body.admin_email"),
        ({"legal_name": ""}, "body.legal_name"),
        ({"surprise": 1}, "body.surprise"),
    ],
)
def test_invalid_signup_is_422_naming_the_field(api: Api, change: dict[str, Any], field: str) -> None:
    answer = api.call("POST", "/v1/platform/signup", signup_body("owner@contoh.com.my") | change)
    assert answer.status == 422, answer.body
    assert answer.fields == [field]
    assert answer.headers["Content-Type"] == "application/problem+json"


def test_missing_fields_and_malformed_json(api: Api) -> None:
    missing = api.call("POST", "/v1/platform/signup", {"legal_name": "X Sdn Bhd"})
    assert missing.status == 422 and "body.admin_email" in missing.fields and "body.tin" in missing.fields
    malformed = api.call("POST", "/v1/platform/signup", raw="{not json")
    assert malformed.status == 400 and malformed.fields == ["body"]
    not_object = api.call("POST", "/v1/platform/login", [1, 2])
    assert not_object.status == 422


def test_login_returns_tokens_carrying_the_tenant_and_refresh_works(api: Api) -> None:
    tenant_id = api.signup("owner@contoh.com.my").body["tenant"]["id"]

    tokens = api.login("Owner@contoh.com.my")

    assert tokens["tenant_id"] == tenant_id and tokens["expires_in"] > 0
    assert token_claims(tokens["id_token"])["custom:tenant_id"] == tenant_id
    refreshed = api.call("POST", "/v1/platform/refresh", {"refresh_token": tokens["refresh_token"]})
    assert refreshed.status == 200, refreshed.body
    assert token_claims(refreshed.body["id_token"])["custom:tenant_id"] == tenant_id


def test_wrong_password_or_unknown_user_is_401(api: Api) -> None:
    api.signup("owner@contoh.com.my")
    for email, password in (("owner@contoh.com.my", "Wrong" + PASSWORD), ("nobody@contoh.com.my", PASSWORD)):
        answer = api.call("POST", "/v1/platform/login", {"email": email, "password": password})
        assert answer.status == 401 and answer.body["title"] == "Unauthorized"
    assert api.call("POST", "/v1/platform/refresh", {"refresh_token": "nope"}).status == 401
