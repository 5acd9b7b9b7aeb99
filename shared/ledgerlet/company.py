"""The company's profile as applet functions see it: a copy the control plane keeps in the hub.

The profile (legal name, BRN, TIN, ...) lives in the control plane's platform table, which applet
functions never read. The control plane writes what they need of it next to the access projection
(``<tenant>#ACCESS`` / ``PROFILE``, under the tenant's own keys) when the company is set up and after
every change of the profile; each copy carries the profile's ``updated_at`` and never replaces a newer
one. Downloads head their reports with the legal name from here.
"""

from __future__ import annotations

from typing import Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item

PROFILE_FIELDS = ("legal_name", "brn", "tin", "sst_number", "base_currency", "time_zone", "address")


def profile_item(tenant_id: str, profile: dict[str, Any], version: str) -> dict[str, Any]:
    """The hub item of the profile's ``PROFILE_FIELDS`` (absent ones left out); ``version``: the
    profile's ``updated_at`` (ISO timestamps order as text)."""
    fields = {name: profile[name] for name in PROFILE_FIELDS if profile.get(name) is not None}
    return to_item({"PK": keys.access_pk(tenant_id), "SK": keys.ACCESS_PROFILE_SK, **fields, "version": version})


def company_profile(db: Any, table: str, tenant_id: str) -> dict[str, Any] | None:
    """The copy of the profile, None for a company set up before copies were kept."""
    answer = db.get_item(
        TableName=table,
        Key={"PK": {"S": keys.access_pk(tenant_id)}, "SK": {"S": keys.ACCESS_PROFILE_SK}},
        ConsistentRead=True,
    )
    item = answer.get("Item")
    return {k: v for k, v in from_item(item).items() if k in PROFILE_FIELDS} if item else None
