"""Onboarding a new company: starting the state machine, and its idempotent steps.

The Standard state machine ``statemachines/onboarding.asl.json`` runs SeedDefaults →
SwitchOnDefaultApplets → Activate, with MarkFailed on any failure. Each step takes the execution
input (:class:`OnboardingInput`) and returns it unchanged, so retries and re-runs change nothing.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from typing import Any, NotRequired, TypedDict

from pynamodb.exceptions import PutError, UpdateError

from ledgerlet.applets import DEFAULT_ROLES, default_applets
from ledgerlet.hub.aws import client
from ledgerlet.platform import projection
from ledgerlet.platform.common import is_condition_failure, now_iso
from ledgerlet.platform.models import RegistryEntry, RoleRecord, TenantRecord
from ledgerlet.timezones import DEFAULT_TIME_ZONE

STATE_MACHINE_ENV = "ONBOARDING_STATE_MACHINE_ARN"


class OnboardingInput(TypedDict):
    tenant_id: str
    admin_user_id: str
    admin_email: str
    legal_name: str
    base_currency: str
    fiscal_year_start_month: int
    time_zone: NotRequired[str]  # absent from executions started before it existed


# ------------------------------------------------------------------------------ starting it
def start(payload: OnboardingInput) -> str:
    """Start an execution named after the tenant (plus a random suffix); returns its ARN."""
    arn = os.environ.get(STATE_MACHINE_ENV, "")
    if not arn:
        raise RuntimeError(f"{STATE_MACHINE_ENV} is not set")
    name = f"{payload['tenant_id']}-{secrets.token_hex(4)}"
    answer = client("stepfunctions").start_execution(stateMachineArn=arn, name=name, input=json.dumps(payload))
    return str(answer["executionArn"])


def wait(execution_arn: str, seconds: float) -> str:
    """Poll until the execution stops running or ``seconds`` pass; returns its last status."""
    deadline = time.monotonic() + seconds
    interval = 0.1
    while True:
        status = str(client("stepfunctions").describe_execution(executionArn=execution_arn)["status"])
        if status != "RUNNING" or time.monotonic() + interval > deadline:
            return status
        time.sleep(interval)
        interval = min(interval * 1.5, 1.0)


# ------------------------------------------------------------------------------ the steps
def seed_defaults(event: OnboardingInput) -> OnboardingInput:
    """Seed the company's master data in the hub (organisation, chart of accounts, currencies ...)."""
    from ledgerlet.hub.documents import Actor
    from ledgerlet.masterdata.contract import seed_company

    seed_company(
        event["tenant_id"],
        legal_name=event["legal_name"],
        base_currency=event["base_currency"],
        fiscal_year_start_month=int(event.get("fiscal_year_start_month") or 1),
        time_zone=event.get("time_zone") or DEFAULT_TIME_ZONE,
        actor=Actor(event["admin_user_id"], event["admin_email"]),
    )
    return event


def switch_on_default_applets(event: OnboardingInput) -> OnboardingInput:
    """Default roles and applets (only where absent), then the hub's access projection."""
    tenant_id = event["tenant_id"]
    stamp = now_iso()
    for name, permissions in DEFAULT_ROLES.items():
        role = RoleRecord(
            *RoleRecord.key(tenant_id, name),
            tenant_id=tenant_id,
            name=name,
            description=_describe(name),
            permissions=list(permissions),
            built_in=True,
            created_at=stamp,
            updated_at=stamp,
        )
        try:
            role.save(condition=RoleRecord.PK.does_not_exist())
        except PutError as exc:
            if not is_condition_failure(exc):
                raise
    tenant = TenantRecord(*TenantRecord.key(tenant_id))
    tenant.update(
        actions=[TenantRecord.applets.set(TenantRecord.applets | set(default_applets()))],
        condition=TenantRecord.PK.exists(),
    )
    projection.sync_all(tenant_id)
    return event


def activate(event: OnboardingInput) -> OnboardingInput:
    tenant = TenantRecord(*TenantRecord.key(event["tenant_id"]))
    tenant.update(
        actions=[TenantRecord.status.set("active"), TenantRecord.updated_at.set(now_iso())],
        condition=TenantRecord.status.is_in("provisioning", "active"),
    )
    pk, sk = RegistryEntry.key(event["tenant_id"])
    stamp = now_iso()
    RegistryEntry(pk, sk, tenant_id=event["tenant_id"], created_at=stamp, updated_at=stamp).save()  # idempotent
    return event


def mark_failed(event: dict[str, Any]) -> dict[str, Any]:
    """Record why onboarding failed; signing up again with the same e-mail then starts over."""
    error = event.get("error") or {}
    reason = f"{error.get('Error', 'Error')}: {error.get('Cause', '')}"[:1000]
    tenant = TenantRecord(*TenantRecord.key(str(event["tenant_id"])))
    try:
        tenant.update(
            actions=[
                TenantRecord.status.set("failed"),
                TenantRecord.failure.set(reason),
                TenantRecord.updated_at.set(now_iso()),
            ],
            condition=TenantRecord.status == "provisioning",
        )
    except UpdateError as exc:
        if not is_condition_failure(exc):
            raise
    return event


_DESCRIPTIONS = {
    "admin": "Everything, including users, roles and the applet store.",
    "accountant": "Accounts, cash books, tax codes, customers and suppliers.",
    "sales": "Customers, price books, quotations and sales orders.",
    "storekeeper": "Items and stock-related master data.",
    "viewer": "Read-only access to every switched-on applet.",
}


def _describe(role: str) -> str:
    return _DESCRIPTIONS.get(role, "")
