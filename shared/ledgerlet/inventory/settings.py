"""The company's stock settings: the costing method of items that name none, and whether stock may go
negative (each item may override it). Kept at ``<tenant>#STOCK#SETTINGS`` with a version; a change sends
the version it read (a stale one is a 409)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ledgerlet.errors import Conflict, FieldError
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item
from ledgerlet.hub.table import TenantTable, now_iso
from ledgerlet.inventory.costing import Policy
from ledgerlet.kinds import Input
from ledgerlet.masterdata.contract import Item

SETTINGS_SK = "SETTINGS"


class StockSettings(BaseModel):
    default_costing_method: Literal["fifo", "weighted_average"] = Field(
        default="weighted_average", description="For stock items that name no costing method."
    )
    negative_stock: Literal["refuse", "allow"] = Field(
        default="refuse",
        description="`allow`: an issue may take stock below zero, at the last known rate (items may override).",
    )
    version: int = 0
    updated_at: str | None = None
    updated_by: str | None = None


class StockSettingsUpdate(Input):
    version: int = Field(ge=0, description="The version read.")
    default_costing_method: Literal["fifo", "weighted_average"] | None = None
    negative_stock: Literal["refuse", "allow"] | None = None


def _pk(tenant_id: str) -> str:
    return f"{keys.tenant_prefix(tenant_id)}STOCK{keys.SEP}{SETTINGS_SK}"


def read_settings(tenant_id: str) -> StockSettings:
    table = TenantTable(tenant_id)
    found = table.db.get_item(
        TableName=table.table, Key={"PK": {"S": _pk(tenant_id)}, "SK": {"S": SETTINGS_SK}}, ConsistentRead=True
    ).get("Item")
    return StockSettings.model_validate(from_item(found)) if found else StockSettings()


def update_settings(tenant_id: str, body: StockSettingsUpdate, user_id: str) -> StockSettings:
    current = read_settings(tenant_id)
    if body.version != current.version:
        raise Conflict(
            f"stock settings are at version {current.version}, not {body.version}: reload and retry",
            [FieldError("body.version", "stale version", "version.stale", {"current": current.version})],
        )
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    saved = current.model_copy(
        update={**changes, "version": current.version + 1, "updated_at": now_iso(), "updated_by": user_id}
    )
    table = TenantTable(tenant_id)
    item: dict[str, Any] = {"PK": _pk(tenant_id), "SK": SETTINGS_SK, "entity": "STOCKSETTINGS", **saved.model_dump()}
    request: dict[str, Any] = {"TableName": table.table, "Item": to_item(item)}
    if current.version == 0:
        request["ConditionExpression"] = "attribute_not_exists(PK)"
    else:
        request["ConditionExpression"] = "version = :read"
        request["ExpressionAttributeValues"] = {":read": {"N": str(current.version)}}
    try:
        table.db.put_item(**request)
    except table.db.exceptions.ConditionalCheckFailedException:
        raise Conflict(
            "stock settings changed meanwhile: reload and retry",
            [FieldError("body.version", "stale version", "version.stale", {"current": current.version + 1})],
        ) from None
    return saved


def policy_of(item: Item, settings: StockSettings) -> Policy:
    """How an item is costed: its own method and negative-stock choice, else the company's."""
    method = item.costing_method or settings.default_costing_method
    allow = item.allow_negative_stock if item.allow_negative_stock is not None else settings.negative_stock == "allow"
    fallback = item.fallback_rate
    if method == "fifo":
        return Policy("fifo", allow_negative=allow, fallback_rate=fallback)
    return Policy("moving_average", allow_negative=allow, fallback_rate=fallback)
