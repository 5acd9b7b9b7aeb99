"""The company's sales settings: how tax is rounded, how long a quotation holds, and how far deliveries and
invoices may go past what was ordered and delivered. Kept at ``<tenant>#SALES#SETTINGS`` with a version."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ledgerlet.fields import Percent
from ledgerlet.hub.settings_store import SettingsStore, VersionedSettings
from ledgerlet.kinds import Input

TaxRounding = Literal["line", "document"]


class SalesSettings(VersionedSettings):
    tax_rounding: TaxRounding = Field(
        default="line",
        description="`line`: each line's tax is rounded to the sen; `document`: each tax code's tax is summed "
        "over the document and rounded once (then shared back over its lines).",
    )
    quotation_validity_days: int = Field(default=30, description="A quotation's `valid_until` when it names none.")
    over_delivery_percent: str = Field(
        default="0", description="How far past the ordered quantity a delivery may go, in percent."
    )
    invoice_beyond_delivered: bool = Field(
        default=False, description="Whether an order's stock items may be invoiced before they are delivered."
    )


class SalesSettingsUpdate(Input):
    version: int = Field(ge=0, description="The version read.")
    tax_rounding: TaxRounding | None = None
    quotation_validity_days: int | None = Field(default=None, ge=1, le=365)
    over_delivery_percent: Percent | None = None
    invoice_beyond_delivered: bool | None = None


def _store(tenant_id: str) -> SettingsStore:
    return SettingsStore(tenant_id, "SALES", "SALESSETTINGS", "sales settings")


def read_settings(tenant_id: str) -> SalesSettings:
    return _store(tenant_id).read(SalesSettings)


def update_settings(tenant_id: str, body: SalesSettingsUpdate, user_id: str) -> SalesSettings:
    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version"})
    if "over_delivery_percent" in changes:
        changes["over_delivery_percent"] = f"{changes['over_delivery_percent'].normalize():f}"
    return _store(tenant_id).update(read_settings(tenant_id), body.version, changes, user_id)
