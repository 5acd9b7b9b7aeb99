"""HTTP -> API Gateway proxy event -> function -> HTTP, including the Cognito authorizer."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
import requests

PASSWORD = "Sup3rSecret!"


def test_health(cloud: Any) -> None:
    resp = requests.get(f"{cloud.url}/health", timeout=5)
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok"}


def test_public_get_maps_path_query_and_headers(cloud: Any) -> None:
    resp = requests.get(f"{cloud.url}/public/ada%20l?x=1&x=2&y=", headers={"X-Custom": "hello"}, timeout=5)
    assert resp.status_code == 200
    assert resp.headers["X-Handled-By"] == "public"
    body = resp.json()
    assert body["name"] == "ada l"
    assert body["resource"] == "/public/{name}"
    assert body["path"] == "/public/ada%20l"
    assert body["method"] == "GET"
    assert body["query"] == {"x": "2", "y": ""}
    assert body["multiQuery"] == {"x": ["1", "2"], "y": [""]}
    assert body["body"] is None and body["isBase64Encoded"] is False
    assert body["xCustom"] == "hello"
    assert body["stage"] == "test"
    assert body["requestId"] == resp.headers["x-amzn-RequestId"]
    assert body["sourceIp"] == "127.0.0.1"
    assert body["hasAuthorizer"] is False
    # environment resolved from the template, context from the function's settings
    assert body["tableName"] == cloud.stack.table_name("HubTable") == "local-hub"
    assert body["functionName"] == "local-PublicFunction"
    assert 0 < body["remainingMs"] <= 10_000


def test_post_body_text_and_binary(cloud: Any) -> None:
    resp = requests.post(f"{cloud.url}/public/bob", json={"a": 1}, timeout=5)
    assert resp.status_code == 201
    assert json.loads(resp.json()["body"]) == {"a": 1}
    assert resp.json()["isBase64Encoded"] is False

    raw = bytes([0xFF, 0x00, 0x81])
    resp = requests.put(
        f"{cloud.url}/public/bin", data=raw, headers={"Content-Type": "application/octet-stream"}, timeout=5
    )
    assert resp.status_code == 200
    assert resp.json()["isBase64Encoded"] is True
    assert resp.json()["body"] == "/wCB"


def test_unknown_path_is_404_problem(cloud: Any) -> None:
    resp = requests.get(f"{cloud.url}/nope/here", timeout=5)
    assert resp.status_code == 404
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert resp.json()["status"] == 404 and resp.json()["type"] == "about:blank"


def test_handler_exception_is_502(cloud: Any, caplog: pytest.LogCaptureFixture) -> None:
    resp = requests.get(f"{cloud.url}/public/boom", timeout=5)
    assert resp.status_code == 502
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert resp.json()["detail"] == "Internal server error"
    assert "boom requested" in caplog.text


def test_cors_preflight(cloud: Any) -> None:
    resp = requests.options(
        f"{cloud.url}/me",
        headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"},
        timeout=5,
    )
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert resp.headers["Access-Control-Allow-Headers"] == "Content-Type,Authorization"
    assert "GET" in resp.headers["Access-Control-Allow-Methods"]

    local = requests.options(
        f"{cloud.url}/tenants/t/items/x",
        headers={"Origin": "http://127.0.0.1:5173", "Access-Control-Request-Method": "GET"},
        timeout=5,
    )
    assert local.status_code == 200
    assert local.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:5173"


def test_concurrent_requests(cloud: Any) -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda i: requests.get(f"{cloud.url}/public/n{i}", timeout=10), range(32)))
    assert [r.status_code for r in results] == [200] * 32
    assert sorted(r.json()["name"] for r in results) == sorted(f"n{i}" for i in range(32))


# -- Cognito authorizer -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tokens(cloud: Any) -> dict[str, str]:
    idp = boto3.client("cognito-idp")
    pool_id = cloud.stack.user_pool_id("UserPool")
    client_id = cloud.stack.client_id("UserPoolClient")
    email = "owner@example.com"
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=email,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "custom:tenant_id", "Value": "t-123"}],
    )
    idp.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=PASSWORD, Permanent=True)
    auth = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    return {"id": auth["IdToken"], "access": auth["AccessToken"], "email": email}


def test_missing_token_is_401_without_invoking(cloud: Any) -> None:
    resp = requests.get(f"{cloud.url}/me", timeout=5)
    assert resp.status_code == 401
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert resp.json()["title"] == "Unauthorized" and resp.json()["status"] == 401


@pytest.mark.parametrize("header", ["garbage", "Bearer not.a.jwt", "Bearer eyJhbGciOiJub25lIn0.e30."])
def test_bad_token_is_401(cloud: Any, header: str) -> None:
    resp = requests.get(f"{cloud.url}/me", headers={"Authorization": header}, timeout=5)
    assert resp.status_code == 401


def test_tampered_access_and_expired_tokens_are_401(cloud: Any, tokens: dict[str, str]) -> None:
    head, payload, sig = tokens["id"].split(".")
    tampered = f"{head}.{payload}.{sig[:-4]}AAAA"
    assert requests.get(f"{cloud.url}/me", headers={"Authorization": tampered}, timeout=5).status_code == 401
    access = requests.get(f"{cloud.url}/me", headers={"Authorization": f"Bearer {tokens['access']}"}, timeout=5)
    assert access.status_code == 401 and "token_use" in access.json()["detail"]

    from moto.cognitoidp.models import cognitoidp_backends

    pool = cognitoidp_backends[cloud.stack.account_id][cloud.region].user_pools[cloud.stack.user_pool_id("UserPool")]
    expired, _ = pool.create_jwt(cloud.stack.client_id("UserPoolClient"), tokens["email"], "id", expires_in=-60)
    resp = requests.get(f"{cloud.url}/me", headers={"Authorization": expired}, timeout=5)
    assert resp.status_code == 401 and "expired" in resp.json()["detail"].lower()
    wrong_aud, _ = pool.create_jwt("not-a-client", tokens["email"], "id")
    assert requests.get(f"{cloud.url}/me", headers={"Authorization": wrong_aud}, timeout=5).status_code == 401


def _forged(cloud: Any, header: dict[str, Any], key: Any, algorithm: str) -> str:
    """A token that claims to come from the fixture's user pool, as a forger would write it."""
    import time

    import jwt

    pool_id = cloud.stack.user_pool_id("UserPool")
    claims = {
        "iss": f"https://cognito-idp.{cloud.region}.amazonaws.com/{pool_id}",
        "aud": cloud.stack.client_id("UserPoolClient"),
        "token_use": "id",
        "sub": "forger",
        "custom:tenant_id": "t-123",
        "exp": int(time.time()) + 600,
    }
    return jwt.encode(claims, key, algorithm=algorithm, headers=header)


def _with_header(token: str, header: dict[str, Any]) -> str:
    import base64

    encoded = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return ".".join([encoded, *token.split(".")[1:]])


def test_forged_tokens_claiming_the_pool_are_401_not_a_gateway_failure(cloud: Any) -> None:
    """API Gateway's Cognito authorizer answers 401 to each; the local gateway once crashed (500) on
    a token without a key id or with an unknown one."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    unsigned = _forged(cloud, {"alg": "none"}, None, "none")
    forged = {
        "alg none": unsigned,
        "alg none, moto's key id": _forged(cloud, {"kid": "dummy"}, None, "none"),
        "no key id": _forged(cloud, {}, own_key, "RS256"),
        "unknown key id": _forged(cloud, {"kid": "not-a-key"}, own_key, "RS256"),
        "moto's key id, another key": _forged(cloud, {"kid": "dummy"}, own_key, "RS256"),
        "HMAC with a guessable secret": _forged(cloud, {"kid": "dummy"}, "a-secret-anyone-could-guess-0123", "HS256"),
        "key id not a string": _with_header(_forged(cloud, {}, own_key, "RS256"), {"alg": "RS256", "kid": 7}),
        "signature stripped": unsigned.rsplit(".", 1)[0] + ".",
    }
    for name, token in forged.items():
        answer = requests.get(f"{cloud.url}/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert answer.status_code == 401, (name, answer.status_code, answer.text)
        assert answer.json()["title"] == "Unauthorized", name


def test_moto_id_token_claims_reach_the_function(cloud: Any, tokens: dict[str, str]) -> None:
    resp = requests.get(
        f"{cloud.url}/tenants/t-123/items/a/b%20c",
        headers={"Authorization": f"Bearer {tokens['id']}"},
        timeout=5,
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["resource"] == "/tenants/{tenantId}/items/{proxy+}"
    assert body["pathParameters"] == {"tenantId": "t-123", "proxy": "a/b c"}
    claims = body["claims"]
    assert claims["custom:tenant_id"] == "t-123"
    assert claims["email"] == tokens["email"]
    assert claims["token_use"] == "id"
    assert claims["aud"] == cloud.stack.client_id("UserPoolClient")
    assert claims["iss"] == cloud.stack.issuer("UserPool")
    assert all(isinstance(v, str) for v in claims.values())

    raw = requests.get(f"{cloud.url}/me", headers={"Authorization": tokens["id"]}, timeout=5)  # no "Bearer"
    assert raw.status_code == 200
    assert raw.json()["claims"]["sub"] == claims["sub"]
