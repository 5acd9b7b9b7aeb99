"""A tenant's secrets in AWS Secrets Manager (locally, moto's): credentials the product must present
to others on the tenant's behalf (MyInvois's client secret, the e-invoice signing certificate).

Each secret is named ``ledgerlet/<stage>/tenants/<tenant>/<name>`` and read or written with the
tenant's scoped credentials, whose policy names only that tenant's secrets: a tenant can never read
another's. Values are JSON objects; nothing here logs them.
"""

from __future__ import annotations

import json
from typing import Any


class TenantSecrets:
    def __init__(self, tenant_id: str, client: Any | None = None) -> None:
        self.tenant_id = tenant_id
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            from ledgerlet.hub.aws import tenant_client

            self._client = tenant_client(self.tenant_id, "secretsmanager")
        return self._client

    def name(self, secret: str) -> str:
        from ledgerlet.hub.aws import tenant_secret_prefix

        return tenant_secret_prefix(self.tenant_id) + secret

    def read(self, secret: str) -> dict[str, Any] | None:
        """The secret's value, None when it was never written."""
        try:
            answer = self.client.get_secret_value(SecretId=self.name(secret))
        except self.client.exceptions.ResourceNotFoundException:
            return None
        value: dict[str, Any] = json.loads(answer["SecretString"])
        return value

    def write(self, secret: str, value: dict[str, Any]) -> None:
        """Keep ``value`` as the secret's current version (created on first write)."""
        text = json.dumps(value, separators=(",", ":"))
        try:
            self.client.put_secret_value(SecretId=self.name(secret), SecretString=text)
        except self.client.exceptions.ResourceNotFoundException:
            self.client.create_secret(Name=self.name(secret), SecretString=text)
