"""The company profile and the caller's own view of it (``me``)."""

from __future__ import annotations

from typing import Any

from ledgerlet.platform import schemas
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.common import now_iso
from ledgerlet.platform.models import TenantRecord, UserRecord
from ledgerlet.platform.projection import enabled_applets, sync_profile


def profile(tenant: TenantRecord) -> schemas.TenantProfile:
    return schemas.TenantProfile(
        id=tenant.tenant_id,
        status=tenant.status,
        legal_name=tenant.legal_name,
        brn=tenant.brn,
        tin=tenant.tin,
        sst_number=tenant.sst_number,
        base_currency=tenant.base_currency,
        fiscal_year_start_month=int(tenant.fiscal_year_start_month),
        time_zone=tenant.time_zone,
        address=_address(tenant.address),
        created_at=tenant.created_at,
        updated_at=tenant.updated_at,
    )


def _address(stored: Any) -> schemas.Address | None:
    if not stored:
        return None
    raw = stored.as_dict() if hasattr(stored, "as_dict") else dict(stored)
    return schemas.Address.model_validate(raw)


def user_view(user: UserRecord) -> schemas.User:
    return schemas.User(
        id=user.user_id,
        email=user.email,
        name=user.name,
        roles=list(user.roles or []),
        status=user.status,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def me(ctx: CallerContext) -> schemas.Me:
    return schemas.Me(
        user=user_view(ctx.user),
        roles=list(ctx.user.roles or []),
        permissions=ctx.permissions if ctx.user.status == "active" else [],
        applets=enabled_applets(ctx.tenant),
        tenant=profile(ctx.tenant),
    )


def get_profile(ctx: CallerContext) -> schemas.TenantProfile:
    return profile(ctx.tenant)


def update_profile(ctx: CallerContext, patch: schemas.TenantPatch) -> schemas.TenantProfile:
    """Apply only the fields present in the request, as one atomic update."""
    tenant = ctx.tenant
    actions: list[Any] = [TenantRecord.updated_at.set(now_iso())]
    for name in sorted(patch.model_fields_set - {"base_currency"}):
        value = getattr(patch, name)
        attribute = getattr(TenantRecord, name)
        if value is None:
            actions.append(attribute.remove())
        elif isinstance(value, schemas.Address):
            actions.append(attribute.set(value.model_dump(exclude_none=True)))
        else:
            actions.append(attribute.set(value))
    tenant.update(actions=actions, condition=TenantRecord.PK.exists())
    sync_profile(tenant)  # the copy applets read (report headings)
    return profile(tenant)
