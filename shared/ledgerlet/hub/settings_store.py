"""A company's settings of one domain: one item per tenant with a version, changed only by whoever sends
the version they read (a stale one is a 409, naming ``body.version``)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ledgerlet.errors import Conflict, FieldError
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item
from ledgerlet.hub.table import TenantTable, now_iso

SETTINGS_SK = "SETTINGS"


class VersionedSettings(BaseModel):
    """What every domain's settings carry besides their own fields."""

    version: int = 0
    updated_at: str | None = None
    updated_by: str | None = None


Settings = TypeVar("Settings", bound=VersionedSettings)


class SettingsStore:
    """The settings at ``<tenant>#<partition>#SETTINGS``, read as ``model`` (its defaults until first saved)."""

    def __init__(self, tenant_id: str, partition: str, entity: str, label: str) -> None:
        self.table = TenantTable(tenant_id)
        self.key = {
            "PK": {"S": f"{keys.tenant_prefix(tenant_id)}{partition}{keys.SEP}{SETTINGS_SK}"},
            "SK": {"S": SETTINGS_SK},
        }
        self.entity = entity
        self.label = label

    def read(self, model: type[Settings]) -> Settings:
        found = self.table.db.get_item(TableName=self.table.table, Key=self.key, ConsistentRead=True).get("Item")
        return model.model_validate(from_item(found)) if found else model()

    def check_version(self, current: VersionedSettings, version: int) -> None:
        """409 naming ``body.version`` unless ``version`` is the one ``current`` is at (checked before work
        done beside the settings, such as keeping a secret; the save checks it again, atomically)."""
        if version != current.version:
            raise Conflict(
                f"{self.label} are at version {current.version}, not {version}: reload and retry",
                [FieldError("body.version", "stale version", "version.stale", {"current": current.version})],
            )

    def update(self, current: Settings, version: int, changes: dict[str, Any], user_id: str) -> Settings:
        """Save ``changes`` over ``current`` (as read) when ``version`` is the one it is at."""
        self.check_version(current, version)
        at = current.version
        saved = current.model_copy(
            update={**changes, "version": at + 1, "updated_at": now_iso(), "updated_by": user_id}
        )
        item: dict[str, Any] = {**from_item(self.key), "entity": self.entity, **saved.model_dump()}
        request: dict[str, Any] = {"TableName": self.table.table, "Item": to_item(item)}
        if at == 0:
            request["ConditionExpression"] = "attribute_not_exists(PK)"
        else:
            request["ConditionExpression"] = "version = :read"
            request["ExpressionAttributeValues"] = {":read": {"N": str(at)}}
        try:
            self.table.db.put_item(**request)
        except self.table.db.exceptions.ConditionalCheckFailedException:
            raise Conflict(
                f"{self.label} changed meanwhile: reload and retry",
                [FieldError("body.version", "stale version", "version.stale", {"current": at + 1})],
            ) from None
        return saved
