"""The session policy that scopes a request's DynamoDB credentials to one tenant.

Assumed on top of the tenant-access role (see ``TenantAccessRole`` in template.yaml), it narrows the
role to items whose partition key — in the table and in every index — starts with the tenant prefix.
"""

from __future__ import annotations

from typing import Any

from ledgerlet.hub.keys import tenant_prefix

# Item-level actions only: no Scan, no table management, no PartiQL.
TENANT_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
)


# A tenant's own secrets (its MyInvois credentials and signing certificate): read and kept up to date.
SECRET_ACTIONS = (
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:CreateSecret",
    "secretsmanager:DescribeSecret",
)


def tenant_session_policy(tenant_id: str, table_arn: str, secrets_arn: str | None = None) -> dict[str, Any]:
    """An IAM policy document allowing item access only under ``<tenant_id>#`` (and, with
    ``secrets_arn``, the secrets under the tenant's own name only).

    ``ForAllValues:StringLike`` alone is vacuously true for a request with no leading keys (a Scan),
    hence the ``Null`` guard: the request must carry leading keys at all.
    """
    statements: list[dict[str, Any]] = [
        {
            "Sid": "TenantItemsOnly",
            "Effect": "Allow",
            "Action": list(TENANT_ACTIONS),
            "Resource": [table_arn, f"{table_arn}/index/*"],
            "Condition": {
                "ForAllValues:StringLike": {"dynamodb:LeadingKeys": [f"{tenant_prefix(tenant_id)}*"]},
                "Null": {"dynamodb:LeadingKeys": "false"},
            },
        }
    ]
    if secrets_arn:
        statements.append(
            {"Sid": "TenantSecretsOnly", "Effect": "Allow", "Action": list(SECRET_ACTIONS), "Resource": secrets_arn}
        )
    return {"Version": "2012-10-17", "Statement": statements}
