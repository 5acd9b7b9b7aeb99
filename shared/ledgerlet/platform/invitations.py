"""Invitations: a random token handed to the invitee once (only its SHA-256 is stored).

The token is ``<tenant id>.<random>``, so accepting it (a public route) finds the invitation under
the inviting company's key. E-mail delivery is out of scope: the inviter passes the token on.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from ledgerlet.errors import Conflict, FieldError, invalid_field
from ledgerlet.ids import is_id, new_id
from ledgerlet.platform import emails, identity, projection, schemas
from ledgerlet.platform.authz import CallerContext
from ledgerlet.platform.common import iso, now, now_iso
from ledgerlet.platform.models import (
    INVITE_PREFIX,
    EmailGuard,
    InvitationRecord,
    TenantRecord,
    UserRecord,
    tenant_pk,
    transact_write,
)
from ledgerlet.platform.tenants import user_view
from ledgerlet.platform.users import ADMIN, require_roles_exist

log = logging.getLogger(__name__)

VALID_FOR = timedelta(days=7)


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _view(record: InvitationRecord) -> schemas.Invitation:
    return schemas.Invitation(
        id=record.invitation_id,
        email=record.email,
        roles=list(record.roles or []),
        status=record.status,
        invited_by=record.invited_by,
        created_at=record.created_at,
        expires_at=record.expires_at,
    )


def create(ctx: CallerContext, request: schemas.InvitationCreate) -> schemas.InvitationCreated:
    require_roles_exist(ctx, request.roles, "body.roles")
    if emails.is_taken(request.email):
        raise Conflict(
            f"{request.email} already has an account",
            [FieldError("body.email", "already has an account", "email.taken")],
        )
    tenant_id = ctx.principal.tenant_id
    token = f"{tenant_id}.{secrets.token_urlsafe(32)}"
    digest = token_sha256(token)
    stamp = now()
    record = InvitationRecord(
        *InvitationRecord.key(tenant_id, digest),
        tenant_id=tenant_id,
        invitation_id=new_id("inv"),
        token_sha256=digest,
        email=request.email,
        roles=list(dict.fromkeys(request.roles)),
        status="pending",
        invited_by=ctx.principal.user_id,
        created_at=iso(stamp),
        updated_at=iso(stamp),
        expires_at=iso(stamp + VALID_FOR),
    )
    record.save(condition=InvitationRecord.PK.does_not_exist())
    return schemas.InvitationCreated(**_view(record).model_dump(), token=token)


def list_invitations(ctx: CallerContext) -> schemas.InvitationList:
    records = InvitationRecord.query(tenant_pk(ctx.principal.tenant_id), InvitationRecord.SK.startswith(INVITE_PREFIX))
    return schemas.InvitationList(items=sorted((_view(r) for r in records), key=lambda i: i.created_at))


def accept(request: schemas.InvitationAccept) -> schemas.InvitationAccepted:
    record = _pending_invitation(request.token)
    tenant_id = record.tenant_id
    tenant = TenantRecord.get(*TenantRecord.key(tenant_id), consistent_read=True)
    if tenant.status != "active":
        raise Conflict("the inviting company is not active")
    guard = emails.claim(record.email, tenant_id, "invitation", "body.token")
    created_user = False
    try:
        user_id = identity.create_user(
            record.email, request.password, tenant_id, email_field="body.token", password_field="body.password"
        )
        created_user = True
        stamp = now_iso()
        user = UserRecord(
            *UserRecord.key(tenant_id, user_id),
            tenant_id=tenant_id,
            user_id=user_id,
            email=record.email,
            name=request.name,
            roles=list(record.roles or []),
            status="active",
            created_at=stamp,
            updated_at=stamp,
        )
        with transact_write() as tx:
            tx.save(user, condition=UserRecord.PK.does_not_exist())
            tx.update(
                record,
                [
                    InvitationRecord.status.set("accepted"),
                    InvitationRecord.accepted_user_id.set(user_id),
                    InvitationRecord.updated_at.set(stamp),
                ],
                condition=InvitationRecord.status == "pending",
            )
            tx.update(
                guard,
                [EmailGuard.status.set("claimed"), EmailGuard.user_id.set(user_id), EmailGuard.updated_at.set(stamp)],
                condition=EmailGuard.tenant_id == tenant_id,
            )
            if ADMIN in (record.roles or []):
                tx.update(TenantRecord(*TenantRecord.key(tenant_id)), [TenantRecord.admin_count.add(1)])
    except BaseException:
        _undo(guard, record.email, created_user)
        raise
    projection.sync_user(user)
    return schemas.InvitationAccepted(tenant_id=tenant_id, user=user_view(user))


def _pending_invitation(token: str) -> InvitationRecord:
    tenant_id, _, secret = token.partition(".")
    unknown = invalid_field("body.token", "unknown, used or expired invitation", "invitation.unknown")
    if not secret or not is_id(tenant_id, "tnt"):
        raise unknown
    try:
        record = InvitationRecord.get(*InvitationRecord.key(tenant_id, token_sha256(token)), consistent_read=True)
    except InvitationRecord.DoesNotExist as exc:
        raise unknown from exc
    if record.status != "pending" or record.expires_at < now_iso():
        raise unknown
    return record


def _undo(guard: EmailGuard, email: str, created_user: bool) -> None:
    try:
        if created_user:
            identity.delete_user(email)
        emails.release(guard)
    except Exception:
        log.exception("could not undo accepting an invitation for %s", email)
