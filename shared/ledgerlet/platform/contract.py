"""What other applets may use of the control plane: the registry of active tenants, for scheduled
work that has no caller and so no tenant (recurring journals, the ledger's sweep).

It reads one partition of the platform table (``TENANTS``), which is all the roles of that work may
read there; each tenant's own data is then reached with that tenant's scoped credentials.
"""

from __future__ import annotations

from collections.abc import Iterator

REGISTRY_PK = "TENANTS"  # as ledgerlet.platform.models.REGISTRY_PK, without importing PynamoDB


def active_tenant_ids() -> Iterator[str]:
    """Every active tenant's id, in id order."""
    from ledgerlet.hub.aws import dynamodb
    from ledgerlet.settings import settings

    request: dict[str, object] = {
        "TableName": settings().platform_table,
        "KeyConditionExpression": "PK = :pk",
        "ExpressionAttributeValues": {":pk": {"S": REGISTRY_PK}},
        "ProjectionExpression": "SK",
    }
    while True:
        answer = dynamodb().query(**request)  # type: ignore[arg-type]
        yield from (item["SK"]["S"] for item in answer.get("Items", []))
        if "LastEvaluatedKey" not in answer:
            return
        request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
