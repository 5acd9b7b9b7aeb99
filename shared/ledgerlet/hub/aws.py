"""boto3 clients for the hub, created lazily (cold-start cost is paid on first use, then reused).

With ``TENANT_ROLE_ARN`` set (always in AWS, and locally too), a tenant's requests run with
credentials from AssumeRole plus the tenant session policy, so DynamoDB itself refuses keys
outside ``<tenant_id>#``. Credentials are cached per tenant until shortly before they expire.
"""

from __future__ import annotations

import json
import threading
import time
from typing import TYPE_CHECKING, Any

from ledgerlet.settings import settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

_lock = threading.Lock()
_clients: dict[str, Any] = {}
_tenant_clients: dict[str, tuple[float, Any]] = {}  # "<tenant>|<service>" -> (refresh at, client)
_tenant_sessions: dict[str, tuple[float, dict[str, Any]]] = {}  # tenant -> (refresh at, credentials)
_SESSION_SECONDS = 900
_REFRESH_MARGIN = 120


def client(service: str) -> Any:
    """The process-wide boto3 client for a service, created on first use."""
    found = _clients.get(service)
    if found is None:
        import boto3

        with _lock:
            found = _clients.get(service) or boto3.client(service, region_name=settings().region)  # type: ignore[call-overload]
            _clients[service] = found
    return found


def dynamodb() -> DynamoDBClient:
    """DynamoDB with the function's own credentials (platform work, not tenant requests)."""
    return client("dynamodb")  # type: ignore[no-any-return,unused-ignore]


class TenantScopeMissing(RuntimeError):
    """The function has no tenant role to assume: tenant work refuses to run rather than use the
    function's own, wider credentials (isolation fails closed)."""


def tenant_dynamodb(tenant_id: str) -> DynamoDBClient:
    """DynamoDB limited to one tenant's keys. Without a tenant role configured this raises
    :class:`TenantScopeMissing`: missing configuration is an error, never wider access."""
    return tenant_client(tenant_id, "dynamodb")  # type: ignore[no-any-return,unused-ignore]


def tenant_client(tenant_id: str, service: str) -> Any:
    """A client of ``service`` with the tenant's scoped credentials (one AssumeRole per tenant serves
    every service): DynamoDB under the tenant's leading keys, Secrets Manager under the tenant's secrets."""
    role_arn = settings().tenant_role_arn
    if not role_arn:
        raise TenantScopeMissing("TENANT_ROLE_ARN is not set: no tenant-scoped credentials to use")
    key = f"{tenant_id}|{service}"
    cached = _tenant_clients.get(key)
    if cached and cached[0] > time.time():
        return cached[1]
    expires, credentials = _tenant_credentials(role_arn, tenant_id)
    import boto3

    scoped = boto3.client(  # type: ignore[call-overload]
        service,
        region_name=settings().region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    _tenant_clients[key] = (expires, scoped)
    return scoped


def hub_table_arn() -> str:
    s = settings()
    return f"arn:aws:dynamodb:{s.region}:{_account()}:table/{s.hub_table}"


def _account() -> str:
    role_arn = settings().tenant_role_arn
    return role_arn.split(":")[4] if role_arn.count(":") >= 5 else "123456789012"


def tenant_secrets_arn(tenant_id: str) -> str:
    """The ARN pattern of a tenant's secrets (``ledgerlet/<stage>/tenants/<tenant>/...``)."""
    s = settings()
    return f"arn:aws:secretsmanager:{s.region}:{_account()}:secret:{tenant_secret_prefix(tenant_id)}*"


def tenant_secret_prefix(tenant_id: str) -> str:
    return f"ledgerlet/{settings().stage}/tenants/{tenant_id}/"


def _tenant_credentials(role_arn: str, tenant_id: str) -> tuple[float, dict[str, Any]]:
    cached = _tenant_sessions.get(tenant_id)
    if cached and cached[0] > time.time():
        return cached
    from ledgerlet.hub.tenant_policy import tenant_session_policy

    answer = client("sts").assume_role(
        RoleArn=role_arn,
        RoleSessionName=f"tenant-{tenant_id}"[:64],
        Policy=json.dumps(tenant_session_policy(tenant_id, hub_table_arn(), tenant_secrets_arn(tenant_id))),
        DurationSeconds=_SESSION_SECONDS,
        Tags=[{"Key": "tenant_id", "Value": tenant_id}],
    )
    session = (time.time() + _SESSION_SECONDS - _REFRESH_MARGIN, answer["Credentials"])
    _tenant_sessions[tenant_id] = session
    return session


def reset_clients() -> None:
    """Forget cached clients (tests that restart the local cloud)."""
    _clients.clear()
    _tenant_clients.clear()
    _tenant_sessions.clear()
