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
    return _sort_keys(REGISTRY_PK)


def _sort_keys(partition: str) -> Iterator[str]:
    """The sort keys of one partition of the platform table, page after page."""
    from ledgerlet.hub.aws import dynamodb
    from ledgerlet.settings import settings

    request: dict[str, object] = {
        "TableName": settings().platform_table,
        "KeyConditionExpression": "PK = :pk",
        "ExpressionAttributeValues": {":pk": {"S": partition}},
        "ProjectionExpression": "SK",
    }
    while True:
        answer = dynamodb().query(**request)  # type: ignore[arg-type]
        yield from (item["SK"]["S"] for item in answer.get("Items", []))
        if "LastEvaluatedKey" not in answer:
            return
        request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


# --- marketplace connections (ledgerlet.platform.connections writes them) ------------------------------------------
SHOP_PREFIX = "SHOP#"  # as ledgerlet.platform.models: a shop's connection, keyed by the shop
CONNECTION_SK = "CONNECTION"
CONNECTIONS_PK = "CONNECTIONS"  # the registry of connected shops; "CONNECTIONS#<tenant>": one company's


def marketplace_connection(platform: str, shop_id: str) -> dict[str, object] | None:
    """The connection of a marketplace shop (its company, status, settings and secret name), None when the
    shop is connected to no company. Reads the shop's own partition only."""
    from ledgerlet.hub.aws import dynamodb
    from ledgerlet.hub.codec import from_item
    from ledgerlet.settings import settings

    answer = dynamodb().get_item(
        TableName=settings().platform_table,
        Key={"PK": {"S": f"{SHOP_PREFIX}{platform}#{shop_id}"}, "SK": {"S": CONNECTION_SK}},
    )
    item = answer.get("Item")
    return from_item(item) if item else None


def connected_shops(tenant_id: str | None = None) -> Iterator[tuple[str, str]]:
    """Every connected shop as (platform, shop id), from the registry (one company's, with ``tenant_id``)."""
    for key in _sort_keys(f"{CONNECTIONS_PK}#{tenant_id}" if tenant_id else CONNECTIONS_PK):
        platform, _, shop_id = key.partition("#")
        yield platform, shop_id
