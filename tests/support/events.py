"""API Gateway REST proxy events for calling handlers in process (integration tests)."""

from __future__ import annotations

import importlib.util
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LambdaContext:
    function_name: str = "test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:ap-southeast-1:123456789012:function:test"
    aws_request_id: str = ""

    def get_remaining_time_in_millis(self) -> int:
        return 20_000


def load_handler(relative: str) -> Any:
    """The ``handler`` of a function module, loaded by path like the Lambda runtime would."""
    path = ROOT / "functions" / relative
    spec = importlib.util.spec_from_file_location(f"fn_{relative.replace('/', '_')[:-3]}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler


@dataclass(frozen=True)
class Identity:
    tenant_id: str
    user_id: str
    email: str = "user@example.com.my"

    def claims(self) -> dict[str, str]:
        return {"sub": self.user_id, "custom:tenant_id": self.tenant_id, "email": self.email, "token_use": "id"}


def api_event(
    method: str,
    path: str,
    identity: Identity | None,
    *,
    resource: str | None = None,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    path_params: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "multiValueHeaders": {},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()} or None,
        "pathParameters": path_params,
        "body": None if body is None else json.dumps(body),
        "isBase64Encoded": False,
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "stage": "v1",
            "path": path,
            "httpMethod": method,
            "identity": {"sourceIp": "127.0.0.1"},
            "authorizer": {"claims": identity.claims()} if identity else None,
        },
    }


def invoke(handler: Any, event: dict[str, Any]) -> tuple[int, Any]:
    answer = handler(event, LambdaContext(aws_request_id=event["requestContext"]["requestId"]))
    body = answer.get("body")
    return answer["statusCode"], json.loads(body) if body else None
