"""Marketplace connections: a company's Shopee and Lazada shops, what their orders book to, and their tokens.

A shop is connected to one company (its record is keyed by the shop, created on the condition that no
record is there). The record, the company's list entry and the registry entry are written in one
transaction. The tokens are written to the company's own secret (``.../marketplace/<connection>``) with
its tenant-scoped credentials, and never answered. The hub ids a connection names are checked against
the company's master data, read the same way."""

from __future__ import annotations

from typing import Any

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field
from ledgerlet.platform import schemas
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.common import cancellation_codes, is_condition_failure, now_iso
from ledgerlet.platform.models import ConnectionEntry, ConnectionRecord, transact_write

SETTINGS = tuple(name for name in schemas.ConnectionSettings.model_fields)
WEBHOOK_PATH = "/v1/webhooks/{platform}"


def secret_name(connection_id: str) -> str:
    """The connection's secret under the company's own (``ledgerlet/<stage>/tenants/<tenant>/``)."""
    return f"marketplace/{connection_id}"


def list_connections(ctx: CallerContext) -> schemas.ConnectionList:
    listed_pk, _ = ConnectionEntry.listed(ctx.principal.tenant_id, "", "")
    keys = [ConnectionRecord.key(*entry.SK.split("#", 1)) for entry in ConnectionEntry.query(listed_pk)]
    records = list(ConnectionRecord.batch_get(keys)) if keys else []
    mine = [r for r in records if r.tenant_id == ctx.principal.tenant_id]
    return schemas.ConnectionList(items=[_view(r) for r in sorted(mine, key=lambda r: (r.name, r.connection_id))])


def get_connection(ctx: CallerContext, connection_id: str) -> schemas.Connection:
    return _view(_mine(ctx, connection_id))


def create_connection(ctx: CallerContext, body: schemas.ConnectionCreate) -> schemas.Connection:
    tenant_id = ctx.principal.tenant_id
    settings = body.model_dump(include=set(SETTINGS))
    _check_references(tenant_id, settings)
    connection_id = f"{body.platform}-{body.shop_id}"
    existing = _record(body.platform, body.shop_id)
    if existing is not None:
        raise Conflict(
            f"{body.platform} shop {body.shop_id} is already connected",
            [FieldError("body.shop_id", "already connected", "marketplace.shop_connected")],
        )
    _write_credentials(tenant_id, connection_id, body.credentials)
    stamp = now_iso()
    record = ConnectionRecord(
        *ConnectionRecord.key(body.platform, body.shop_id),
        tenant_id=tenant_id,
        connection_id=connection_id,
        platform=body.platform,
        shop_id=body.shop_id,
        name=body.name,
        status="active",
        settings=settings,
        credentials_secret=secret_name(connection_id),
        credentials_updated_at=stamp,
        created_at=stamp,
        updated_at=stamp,
    )
    entries = [
        ConnectionEntry(*key, tenant_id=tenant_id, connection_id=connection_id, created_at=stamp, updated_at=stamp)
        for key in (
            ConnectionEntry.listed(tenant_id, body.platform, body.shop_id),
            ConnectionEntry.registered(body.platform, body.shop_id),
        )
    ]
    try:
        with transact_write() as transaction:
            transaction.save(record, condition=ConnectionRecord.PK.does_not_exist())
            for entry in entries:
                transaction.save(entry)
    except Exception as error:
        if is_condition_failure(error) and cancellation_codes(error)[:1] == ["ConditionalCheckFailed"]:
            raise Conflict(
                f"{body.platform} shop {body.shop_id} is already connected",
                [FieldError("body.shop_id", "already connected", "marketplace.shop_connected")],
            ) from None
        raise
    record.version = 1
    return _view(record)


def update_connection(ctx: CallerContext, connection_id: str, body: schemas.ConnectionPatch) -> schemas.Connection:
    record = _mine(ctx, connection_id)
    if record.version != body.version:
        raise Conflict(
            f"connection {connection_id} is at version {record.version}, not {body.version}: reload and retry",
            [FieldError("body.version", "stale", "version.stale", {"current": record.version})],
        )
    changes = body.model_dump(exclude_unset=True, exclude={"version", "credentials"})
    settings = {**(record.settings.as_dict() if hasattr(record.settings, "as_dict") else dict(record.settings))}
    settings.update({name: value for name, value in changes.items() if name in SETTINGS})
    _check_references(ctx.principal.tenant_id, {name: changes[name] for name in changes if name in SETTINGS})
    stamp = now_iso()
    if body.credentials is not None:
        _write_credentials(ctx.principal.tenant_id, connection_id, body.credentials)
        record.credentials_updated_at = stamp
    record.settings = settings
    record.name = changes.get("name") or record.name
    record.status = changes.get("status") or record.status
    record.updated_at = stamp
    try:
        record.save()  # the version attribute makes it conditional: a change meanwhile fails it
    except Exception as error:
        if is_condition_failure(error):
            raise Conflict(f"connection {connection_id} changed meanwhile: reload and retry") from None
        raise
    return _view(record)


# --- helpers -------------------------------------------------------------------------------------------------------


def _record(platform: str, shop_id: str) -> ConnectionRecord | None:
    try:
        return ConnectionRecord.get(*ConnectionRecord.key(platform, shop_id), consistent_read=True)
    except ConnectionRecord.DoesNotExist:
        return None


def _mine(ctx: CallerContext, connection_id: str) -> ConnectionRecord:
    platform, _, shop_id = connection_id.partition("-")
    record = _record(platform, shop_id) if platform in ("shopee", "lazada") and shop_id.isdigit() else None
    if record is None or record.tenant_id != ctx.principal.tenant_id:
        raise NotFound(f"connection {connection_id} does not exist")
    return record


def _view(record: ConnectionRecord) -> schemas.Connection:
    settings = record.settings.as_dict() if hasattr(record.settings, "as_dict") else dict(record.settings)
    return schemas.Connection.model_validate(
        {
            **settings,
            "id": record.connection_id,
            "platform": record.platform,
            "shop_id": record.shop_id,
            "name": record.name,
            "status": record.status,
            "version": record.version or 1,
            "webhook_path": WEBHOOK_PATH.format(platform=record.platform),
            "credentials_updated_at": record.credentials_updated_at,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
        }
    )


def _write_credentials(tenant_id: str, connection_id: str, credentials: schemas.ConnectionCredentials) -> None:
    from ledgerlet.hub.secrets import TenantSecrets

    TenantSecrets(tenant_id).write(secret_name(connection_id), credentials.model_dump(exclude_none=True))


REFERENCES: dict[str, tuple[str, str]] = {
    # field: (what it must be, the MasterData reader)
    "location_id": ("location", "org_unit"),
    "customer_id": ("customer", "customer"),
    "wallet_cash_book_id": ("cash book", "cash_book"),
    "price_book_id": ("price book", "price_book"),
    "commission_account_id": ("account", "account"),
    "service_fee_account_id": ("account", "account"),
    "transaction_fee_account_id": ("account", "account"),
}


def _check_references(tenant_id: str, settings: dict[str, Any]) -> None:
    """Every hub id names something of the company's that is in use (a 422 naming the field otherwise)."""
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.masterdata.contract import MasterData

    master = MasterData(DocumentStore(tenant_id))
    for name, (label, reader) in REFERENCES.items():
        value = settings.get(name)
        if not value:
            continue
        if reader == "price_book":
            found: Any = next((book for book in master.price_books() if book.id == value), None)
        else:
            found = getattr(master, reader)(value)
        if found is None or getattr(found, "archived", False):
            raise invalid_field(f"body.{name}", f"{label} {value} does not exist", "reference.missing", id=value)
        if reader == "org_unit" and found.kind != "location":
            raise invalid_field(
                f"body.{name}", f"{found.code} is a {found.kind}, not a location", "stock.not_location", unit=found.code
            )
        if reader == "account" and found.is_header:
            raise invalid_field(
                f"body.{name}", f"account {found.code} takes no postings", "account.header", account=found.code
            )
