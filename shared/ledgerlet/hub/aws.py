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
_tenant_clients: dict[str, tuple[float, Any]] = {}
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
    role_arn = settings().tenant_role_arn
    if not role_arn:
        raise TenantScopeMissing("TENANT_ROLE_ARN is not set: no tenant-scoped credentials to use")
    cached = _tenant_clients.get(tenant_id)
    if cached and cached[0] > time.time():
        return cached[1]  # type: ignore[no-any-return,unused-ignore]
    scoped = _assume_tenant_role(role_arn, tenant_id)
    _tenant_clients[tenant_id] = (time.time() + _SESSION_SECONDS - _REFRESH_MARGIN, scoped)
    return scoped  # type: ignore[no-any-return,unused-ignore]


def hub_table_arn() -> str:
    s = settings()
    account = s.tenant_role_arn.split(":")[4] if s.tenant_role_arn.count(":") >= 5 else "123456789012"
    return f"arn:aws:dynamodb:{s.region}:{account}:table/{s.hub_table}"


def _assume_tenant_role(role_arn: str, tenant_id: str) -> Any:
    import boto3

    from ledgerlet.hub.tenant_policy import tenant_session_policy

    answer = client("sts").assume_role(
        RoleArn=role_arn,
        RoleSessionName=f"tenant-{tenant_id}"[:64],
        Policy=json.dumps(tenant_session_policy(tenant_id, hub_table_arn())),
        DurationSeconds=_SESSION_SECONDS,
        Tags=[{"Key": "tenant_id", "Value": tenant_id}],
    )
    credentials = answer["Credentials"]
    return boto3.client(
        "dynamodb",
        region_name=settings().region,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def reset_clients() -> None:
    """Forget cached clients (tests that restart the local cloud)."""
    _clients.clear()
    _tenant_clients.clear()
