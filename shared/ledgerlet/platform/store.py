"""The applet store: which applets a company has switched on (core ones are always on)."""

from __future__ import annotations

from ledgerlet.applets import BY_ID, CATALOGUE
from ledgerlet.errors import Conflict, FieldError, NotFound
from ledgerlet.platform import projection, schemas
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.common import now_iso
from ledgerlet.platform.models import TenantRecord


def _items(enabled: set[str]) -> list[schemas.Applet]:
    return [
        schemas.Applet(
            id=a.id,
            name=a.name,
            category=a.category,
            core=a.core,
            actions=list(a.actions),
            enabled=a.core or a.id in enabled,
        )
        for a in CATALOGUE
    ]


def list_applets(ctx: CallerContext) -> schemas.AppletList:
    return schemas.AppletList(items=_items(set(projection.enabled_applets(ctx.tenant))))


def toggle(ctx: CallerContext, applet_id: str, request: schemas.AppletToggle) -> schemas.Applet:
    applet = BY_ID.get(applet_id)
    if applet is None:
        raise NotFound(f"no applet named {applet_id!r}")
    if applet.core and not request.enabled:
        raise Conflict(
            f"{applet.name} is a core applet and cannot be switched off",
            [FieldError("body.enabled", "core applets are always on", "applet.core")],
        )
    if not applet.core:
        change = TenantRecord.applets.add if request.enabled else TenantRecord.applets.delete
        ctx.tenant.update(
            actions=[
                change({applet_id}),
                TenantRecord.access_version.add(1),  # with the change itself: see projection
                TenantRecord.updated_at.set(now_iso()),
            ],
            condition=TenantRecord.PK.exists(),
        )
        projection.sync_tenant(ctx.principal.tenant_id)
    return next(a for a in _items(set(projection.enabled_applets(ctx.tenant))) if a.id == applet_id)
