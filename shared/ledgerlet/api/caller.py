"""Who is calling: taken only from the verified token's claims (API Gateway's Cognito authorizer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerlet.errors import Unauthorized
from ledgerlet.hub.documents import Actor

TENANT_CLAIM = "custom:tenant_id"


@dataclass(frozen=True)
class Caller:
    tenant_id: str
    user_id: str
    email: str

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.email)


def caller_from_event(event: dict[str, Any]) -> Caller:
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    tenant_id = claims.get(TENANT_CLAIM)
    user_id = claims.get("sub")
    if not tenant_id or not user_id:
        raise Unauthorized("the token carries no tenant")
    return Caller(tenant_id=tenant_id, user_id=user_id, email=claims.get("email", ""))
