"""The unique-email guard: one pool user per e-mail address, claimed before the Cognito user exists.

A claim is ``pending`` while a sign-up or an invitation acceptance is under way and ``claimed`` once it
completed. A claim left behind by a crashed request, or by a sign-up whose onboarding failed, is
reclaimed by the next attempt (its leftovers removed first), so a failure never blocks the e-mail.
"""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import DeleteError, PutError

from ledgerlet.errors import Conflict, FieldError
from ledgerlet.platform import identity
from ledgerlet.platform.common import is_condition_failure, now_iso, older_than
from ledgerlet.platform.models import EmailGuard, PlatformItem, TenantRecord, tenant_pk

# A request holding a pending claim finishes within the function timeout (30 s).
STALE_PENDING = timedelta(minutes=2)
# Onboarding takes seconds; a company still provisioning after this is stuck.
STALE_PROVISIONING = timedelta(minutes=15)


def claim(email: str, tenant_id: str, purpose: str, field: str) -> EmailGuard:
    """Claim ``email`` for a new user of ``tenant_id``, or raise 409 naming ``field``."""
    stamp = now_iso()
    guard = EmailGuard(
        *EmailGuard.key(email),
        email=email,
        tenant_id=tenant_id,
        status="pending",
        purpose=purpose,
        created_at=stamp,
        updated_at=stamp,
    )
    for _ in range(2):
        try:
            guard.save(condition=EmailGuard.PK.does_not_exist())
            return guard
        except PutError as exc:
            if not is_condition_failure(exc):
                raise
        existing = EmailGuard.get(*EmailGuard.key(email), consistent_read=True)
        if not _abandoned(existing):
            break
        _clear(existing)
    raise Conflict(f"{email} already has an account", [FieldError(field, "already has an account", "email.taken")])


def release(guard: EmailGuard) -> None:
    """Give up a claim this request made (compensation after a failure)."""
    try:
        guard.delete(condition=(EmailGuard.tenant_id == guard.tenant_id) & (EmailGuard.status == "pending"))
    except DeleteError as exc:
        if not is_condition_failure(exc):
            raise


def is_taken(email: str) -> bool:
    try:
        existing = EmailGuard.get(*EmailGuard.key(email), consistent_read=True)
    except EmailGuard.DoesNotExist:
        return False
    return not _abandoned(existing)


def _abandoned(guard: EmailGuard) -> bool:
    if guard.status == "pending":
        return older_than(guard.updated_at, STALE_PENDING)
    if guard.purpose != "signup":
        return False
    try:
        tenant = TenantRecord.get(*TenantRecord.key(guard.tenant_id), consistent_read=True)
    except TenantRecord.DoesNotExist:
        return True
    if tenant.status == "failed":
        return True
    return tenant.status == "provisioning" and older_than(tenant.updated_at, STALE_PROVISIONING)


def _clear(guard: EmailGuard) -> None:
    """Remove what an abandoned claim left behind, then the claim itself."""
    if identity.tenant_of_user(guard.email) == guard.tenant_id:
        identity.delete_user(guard.email)
    if guard.purpose == "signup":
        delete_tenant_items(guard.tenant_id)
    try:
        guard.delete(condition=(EmailGuard.tenant_id == guard.tenant_id) & (EmailGuard.updated_at == guard.updated_at))
    except DeleteError as exc:
        if not is_condition_failure(exc):
            raise


def delete_tenant_items(tenant_id: str) -> None:
    """Delete a never-activated company's platform items (a failed or abandoned sign-up)."""
    try:
        tenant = TenantRecord.get(*TenantRecord.key(tenant_id), consistent_read=True)
    except TenantRecord.DoesNotExist:
        tenant = None
    if tenant is not None and tenant.status == "active":
        raise Conflict("refusing to delete an active company")
    with PlatformItem.batch_write() as batch:
        for item in PlatformItem.query(tenant_pk(tenant_id), consistent_read=True):
            batch.delete(item)
