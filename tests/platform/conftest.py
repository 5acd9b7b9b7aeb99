"""Fixtures: moto platform + hub tables, a Cognito pool and an onboarding state machine, and a client
that calls the Chalice app with API Gateway proxy events (as the greedy ``{proxy+}`` resource sends them)."""

from __future__ import annotations

import base64
import json
import sys
import types
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.events import LambdaContext
from tests.support.hub import create_hub_table

REGION = "ap-southeast-1"
PASSWORD = "Sup3rSecret!x"
ENV = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "HUB_TABLE": "test-hub",
    "PLATFORM_TABLE": "test-platform",
    "SIGNUP_WAIT_SECONDS": "0",
}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any

    @property
    def fields(self) -> list[str]:
        return [e["field"] for e in (self.body or {}).get("errors", [])]


@dataclass
class Api:
    """Calls ``app.app`` like API Gateway's proxy integration (claims from the Cognito authorizer)."""

    app: Any
    started: list[dict[str, Any]] = field(default_factory=list)

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        claims: dict[str, Any] | None = None,
        raw: str | None = None,
        resource: str = "/v1/platform/{proxy+}",
    ) -> Answer:
        payload = raw if raw is not None else (None if body is None else json.dumps(body))
        request_context: dict[str, Any] = {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/v1{path}",
            "stage": "v1",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "127.0.0.1"},
        }
        if claims is not None:
            request_context["authorizer"] = {"claims": claims}
        event = {
            "resource": resource,
            "path": path,
            "httpMethod": method,
            "headers": {"Content-Type": "application/json"},
            "multiValueHeaders": {"Content-Type": ["application/json"]},
            "queryStringParameters": None,
            "multiValueQueryStringParameters": None,
            "pathParameters": {"proxy": path.removeprefix("/v1/platform/")} if "{proxy+}" in resource else None,
            "stageVariables": None,
            "requestContext": request_context,
            "body": payload,
            "isBase64Encoded": False,
        }
        result = self.app(event, LambdaContext())
        text = result.get("body") or ""
        return Answer(result["statusCode"], dict(result.get("headers") or {}), json.loads(text) if text else None)

    # -- conveniences
    def signup(self, email: str, *, name: str = "Syarikat Contoh Sdn Bhd", **overrides: Any) -> Answer:
        body = signup_body(email, name=name) | overrides
        return self.call("POST", "/v1/platform/signup", body, resource="/v1/platform/signup")

    def login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        answer = self.call(
            "POST", "/v1/platform/login", {"email": email, "password": password}, resource="/v1/platform/login"
        )
        assert answer.status == 200, answer.body
        return answer.body  # type: ignore[no-any-return]

    def claims_for(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        """The claims API Gateway's Cognito authorizer would pass on for this user's id token."""
        return token_claims(self.login(email, password)["id_token"])

    def onboard(self, email: str, name: str = "Syarikat Contoh Sdn Bhd") -> dict[str, Any]:
        """Sign up, run the onboarding steps directly, and return the admin's claims."""
        from ledgerlet.platform import onboarding

        answer = self.signup(email, name=name)
        assert answer.status == 202, answer.body
        payload = self.started[-1]
        for step in (onboarding.seed_defaults, onboarding.switch_on_default_applets, onboarding.activate):
            step(payload)
        return self.claims_for(email)


def signup_body(email: str, *, name: str = "Syarikat Contoh Sdn Bhd") -> dict[str, Any]:
    return {
        "legal_name": name,
        "brn": "202001012345",
        "tin": "C1234567890",
        "sst_number": "W10-1808-31001234",
        "base_currency": "MYR",
        "fiscal_year_start_month": 1,
        "admin_email": email,
        "admin_password": PASSWORD,
        "admin_name": "Aminah binti Abdullah",
    }


def token_claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return {k: str(v) for k, v in claims.items()}


@pytest.fixture
def seeded() -> list[tuple[str, dict[str, Any]]]:
    return []


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, seeded: list[tuple[str, dict[str, Any]]]) -> Iterator[dict[str, str]]:
    """Moto with the platform table, the hub table, a user pool + client and an onboarding machine."""
    from moto import mock_aws

    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    for key in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "TENANT_ROLE_ARN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    _fake_seed(monkeypatch, seeded)
    with mock_aws():
        import boto3

        db = boto3.client("dynamodb", region_name=REGION)
        create_hub_table(db, ENV["HUB_TABLE"])
        db.create_table(
            TableName=ENV["PLATFORM_TABLE"],
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "PK", "AttributeType": "S"},
                {"AttributeName": "SK", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        )
        cognito = boto3.client("cognito-idp", region_name=REGION)
        pool = cognito.create_user_pool(
            PoolName="users",
            UsernameAttributes=["email"],
            AutoVerifiedAttributes=["email"],
            Policies={
                "PasswordPolicy": {
                    "MinimumLength": 10,
                    "RequireLowercase": True,
                    "RequireUppercase": True,
                    "RequireNumbers": True,
                    "RequireSymbols": False,
                }
            },
            Schema=[{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": False}],
        )["UserPool"]["Id"]
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool,
            ClientName="console",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            ReadAttributes=["email", "custom:tenant_id"],
        )["UserPoolClient"]["ClientId"]
        machine = boto3.client("stepfunctions", region_name=REGION).create_state_machine(
            name="onboarding",
            roleArn="arn:aws:iam::123456789012:role/onboarding",
            definition=json.dumps({"StartAt": "Wait", "States": {"Wait": {"Type": "Pass", "End": True}}}),
        )["stateMachineArn"]
        monkeypatch.setenv("USER_POOL_ID", pool)
        monkeypatch.setenv("USER_POOL_CLIENT_ID", client_id)
        monkeypatch.setenv("ONBOARDING_STATE_MACHINE_ARN", machine)
        _reset()
        yield {"user_pool_id": pool, "client_id": client_id, "state_machine_arn": machine}
    _reset()


def _reset() -> None:
    from ledgerlet.hub.aws import reset_clients
    from ledgerlet.platform.models import reset_connections
    from ledgerlet.settings import settings

    settings.cache_clear()
    reset_clients()
    reset_connections()


def _fake_seed(monkeypatch: pytest.MonkeyPatch, seeded: list[tuple[str, dict[str, Any]]]) -> None:
    """Stand-in for the master-data contract's ``seed_company``, which the platform calls, recording its calls."""

    def seed_company(tenant_id: str, **kwargs: Any) -> None:
        seeded.append((tenant_id, kwargs))

    module = types.ModuleType("ledgerlet.masterdata.contract")
    module.seed_company = seed_company  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ledgerlet.masterdata.contract", module)


@pytest.fixture
def api(aws: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Api:
    from functions.platform.app import app
    from ledgerlet.platform import onboarding

    client = Api(app)
    original = onboarding.start

    def recording_start(payload: onboarding.OnboardingInput) -> str:
        client.started.append(dict(payload))
        return original(payload)

    monkeypatch.setattr(onboarding, "start", recording_start)
    return client
