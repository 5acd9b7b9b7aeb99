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


def tenant_session_policy(tenant_id: str, table_arn: str) -> dict[str, Any]:
    """An IAM policy document allowing item access only under ``<tenant_id>#``.

    ``ForAllValues:StringLike`` alone is vacuously true for a request with no leading keys (a Scan),
    hence the ``Null`` guard: the request must carry leading keys at all.
    """
    return {
        "Version": "2012-10-17",
        "Statement": [
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
        ],
    }
