"""The company's stock settings: the costing method of items that name none, and whether stock may go
negative (each item may override it). Kept at ``<tenant>#STOCK#SETTINGS`` with a version; a change sends
the version it read (a stale one is a 409)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ledgerlet.hub.settings_store import SettingsStore, VersionedSettings
from ledgerlet.inventory.costing import Policy
from ledgerlet.kinds import Input
from ledgerlet.masterdata.contract import Item


class StockSettings(VersionedSettings):
    default_costing_method: Literal["fifo", "weighted_average"] = Field(
        default="weighted_average", description="For stock items that name no costing method."
    )
    negative_stock: Literal["refuse", "allow"] = Field(
        default="refuse",
        description="`allow`: an issue may take stock below zero, at the last known rate (items may override).",
    )


class StockSettingsUpdate(Input):
    version: int = Field(ge=0, description="The version read.")
    default_costing_method: Literal["fifo", "weighted_average"] | None = None
    negative_stock: Literal["refuse", "allow"] | None = None


def _store(tenant_id: str) -> SettingsStore:
    return SettingsStore(tenant_id, "STOCK", "STOCKSETTINGS", "stock settings")


def read_settings(tenant_id: str) -> StockSettings:
    return _store(tenant_id).read(StockSettings)


def update_settings(tenant_id: str, body: StockSettingsUpdate, user_id: str) -> StockSettings:
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    return _store(tenant_id).update(read_settings(tenant_id), body.version, changes, user_id)


def policy_of(item: Item, settings: StockSettings) -> Policy:
    """How an item is costed: its own method and negative-stock choice, else the company's."""
    method = item.costing_method or settings.default_costing_method
    allow = item.allow_negative_stock if item.allow_negative_stock is not None else settings.negative_stock == "allow"
    fallback = item.fallback_rate
    if method == "fifo":
        return Policy("fifo", allow_negative=allow, fallback_rate=fallback)
    return Policy("moving_average", allow_negative=allow, fallback_rate=fallback)
