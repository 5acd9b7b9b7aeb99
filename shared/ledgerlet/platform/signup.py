"""Signing up a company: the tenant, its first admin, and the onboarding run.

Order: claim the e-mail → tenant profile (``provisioning``) → Cognito user → user record → mark the
claim done → start onboarding. Any failure before onboarding starts undoes what was done; a crash
that skips the undo leaves a claim the next sign-up with that e-mail reclaims (:mod:`.emails`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from ledgerlet.ids import new_id
from ledgerlet.platform import emails, identity, onboarding, schemas
from ledgerlet.platform.common import ServiceUnavailable, now_iso
from ledgerlet.platform.models import EmailGuard, TenantRecord, UserRecord, transact_write
from ledgerlet.platform.tenants import profile

log = logging.getLogger(__name__)

WAIT_ENV = "SIGNUP_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class SignupResult:
    status: int  # 201 active, 202 still provisioning
    body: schemas.SignupResponse


def wait_budget(remaining_ms: int | None) -> float:
    """How long to wait for onboarding: ``SIGNUP_WAIT_SECONDS`` (20), leaving 5 s of the invocation."""
    budget = float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_SECONDS))
    if remaining_ms is not None:
        budget = min(budget, remaining_ms / 1000 - 5)
    return max(budget, 0.0)


def signup(request: schemas.SignupRequest, wait_seconds: float) -> SignupResult:
    tenant_id = new_id("tnt")
    email = request.admin_email
    guard = emails.claim(email, tenant_id, "signup", "body.admin_email")
    created_user = False
    try:
        stamp = now_iso()
        tenant = TenantRecord(
            *TenantRecord.key(tenant_id),
            tenant_id=tenant_id,
            status="provisioning",
            legal_name=request.legal_name,
            brn=request.brn,
            tin=request.tin,
            sst_number=request.sst_number,
            base_currency=request.base_currency,
            fiscal_year_start_month=request.fiscal_year_start_month,
            time_zone=request.time_zone,
            admin_email=email,
            admin_count=1,
            created_at=stamp,
            updated_at=stamp,
        )
        tenant.save(condition=TenantRecord.PK.does_not_exist())
        user_id = identity.create_user(
            email,
            request.admin_password,
            tenant_id,
            email_field="body.admin_email",
            password_field="body.admin_password",
        )
        created_user = True
        user = UserRecord(
            *UserRecord.key(tenant_id, user_id),
            tenant_id=tenant_id,
            user_id=user_id,
            email=email,
            name=request.admin_name,
            roles=["admin"],
            status="active",
            created_at=stamp,
            updated_at=stamp,
        )
        with transact_write() as tx:
            tx.save(user, condition=UserRecord.PK.does_not_exist())
            tx.update(TenantRecord(*TenantRecord.key(tenant_id)), [TenantRecord.admin_user_id.set(user_id)])
            tx.update(
                guard,
                [
                    EmailGuard.status.set("claimed"),
                    EmailGuard.user_id.set(user_id),
                    EmailGuard.updated_at.set(now_iso()),
                ],
                condition=EmailGuard.tenant_id == tenant_id,
            )
        execution_arn = onboarding.start(
            onboarding.OnboardingInput(
                tenant_id=tenant_id,
                admin_user_id=user_id,
                admin_email=email,
                legal_name=request.legal_name,
                base_currency=request.base_currency,
                fiscal_year_start_month=request.fiscal_year_start_month,
                time_zone=request.time_zone,
            )
        )
    except BaseException:
        _undo(tenant_id, email, created_user)
        raise
    status = onboarding.wait(execution_arn, wait_seconds) if wait_seconds > 0 else "RUNNING"
    tenant = TenantRecord.get(*TenantRecord.key(tenant_id), consistent_read=True)
    if tenant.status == "failed" or status in ("FAILED", "TIMED_OUT", "ABORTED"):
        raise ServiceUnavailable("setting up the company failed; signing up again with the same e-mail retries")
    if tenant.status == "active":
        return SignupResult(
            201,
            schemas.SignupResponse(
                tenant=profile(tenant), admin_user_id=user_id, detail="The company is ready: log in."
            ),
        )
    return SignupResult(
        202,
        schemas.SignupResponse(
            tenant=profile(tenant),
            admin_user_id=user_id,
            detail="The company is still being set up: log in and poll GET /v1/platform/me until status is active.",
        ),
    )


def _undo(tenant_id: str, email: str, created_user: bool) -> None:
    """Best-effort compensation; whatever it misses is reclaimed by the next sign-up."""
    try:
        if created_user:
            identity.delete_user(email)
        emails.delete_tenant_items(tenant_id)
        guard = EmailGuard.get(*EmailGuard.key(email), consistent_read=True)
        if guard.tenant_id == tenant_id:
            guard.delete(condition=EmailGuard.tenant_id == tenant_id)
    except EmailGuard.DoesNotExist:
        pass
    except Exception:
        log.exception("could not undo the sign-up of %s", tenant_id)
