"""What people do with the e-invoice queue: read it, resubmit a fixed e-invoice, cancel a valid one within
its 72 hours, and start a run now."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ledgerlet.einvoice import lifecycle as lc
from ledgerlet.einvoice.queue import Changed, EInvoiceQueue
from ledgerlet.einvoice.settings import read_settings
from ledgerlet.errors import Conflict, FieldError, NotFound


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def einvoice(tenant_id: str, einvoice_id: str) -> dict[str, Any]:
    found = EInvoiceQueue(tenant_id).get(einvoice_id)
    if found is None:
        raise NotFound(f"e-invoice {einvoice_id} not found")
    return found


def _not_now(found: dict[str, Any], event: str, code: str) -> Conflict:
    return Conflict(
        f"e-invoice {found['id']} is {found['state']}: it cannot be {event}",
        [FieldError("state", f"is {found['state']}", code, {"state": found["state"]})],
    )


def resubmit(tenant_id: str, einvoice_id: str) -> dict[str, Any]:
    """An invalid or refused e-invoice, its document fixed, goes back to the queue (composed again)."""
    found = einvoice(tenant_id, einvoice_id)
    try:
        target = lc.next_state(found["state"], "resubmit")
        return EInvoiceQueue(tenant_id).move(
            einvoice_id,
            found["state"],
            target,
            _iso(_now()),
            note="resubmitted",
            document=None,
            document_hash=None,
            uuid=None,
            submission_uid=None,
            errors=None,
        )
    except (lc.NotAllowed, Changed):
        raise _not_now(found, "resubmitted", "einvoice.not_resubmittable") from None


def cancel(tenant_id: str, einvoice_id: str, reason: str, now: datetime | None = None) -> dict[str, Any]:
    """Cancel a valid e-invoice at MyInvois (its issuer may, within 72 hours of validation), then here."""
    from ledgerlet.einvoice.submission import _parse_time

    now = now or _now()
    found = einvoice(tenant_id, einvoice_id)
    until = _parse_time(found.get("cancellable_until"))
    if found["state"] != lc.VALID:
        raise _not_now(found, "cancelled", "einvoice.not_cancellable")
    if not lc.can_cancel(found["state"], until, now):
        raise Conflict(
            f"e-invoice {einvoice_id} was validated more than 72 hours ago: issue a credit note instead",
            [
                FieldError(
                    "cancellable_until",
                    "has passed",
                    "einvoice.cancel_window_closed",
                    {"until": found.get("cancellable_until")},
                )
            ],
        )
    from ledgerlet.einvoice.client import MyInvoisAuthError, MyInvoisError, MyInvoisRateLimited

    client = _client(tenant_id)
    try:
        client.cancel(str(found["uuid"]), reason)
    except (MyInvoisAuthError, MyInvoisRateLimited) as unavailable:
        raise _unavailable(unavailable) from None
    except MyInvoisError as refused:
        raise Conflict(
            f"MyInvois refused to cancel e-invoice {einvoice_id}: {refused}",
            [FieldError("uuid", str(refused), "einvoice.cancel_refused", {"reason": str(refused)})],
        ) from None
    try:
        return EInvoiceQueue(tenant_id).move(
            einvoice_id, lc.VALID, lc.CANCELLED, _iso(now), note=reason, cancel_reason=reason, cancelled_at=_iso(now)
        )
    except Changed:
        raise _not_now(einvoice(tenant_id, einvoice_id), "cancelled", "einvoice.not_cancellable") from None


def validate_tin(tenant_id: str, tin: str, id_type: str, id_value: str) -> bool:
    """LHDN's answer for a TIN and identification, through the company's own MyInvois client."""
    from ledgerlet.einvoice.client import MyInvoisError

    client = _client(tenant_id)
    try:
        return client.validate_tin(tin, id_type, id_value)
    except MyInvoisError as refused:
        raise _unavailable(refused) from None


def _client(tenant_id: str) -> Any:
    """The company's MyInvois client; 409 ``einvoice.not_set_up`` while its client id or secret is missing."""
    from ledgerlet.einvoice.sources import NotReady
    from ledgerlet.einvoice.submission import Connection

    try:
        return Connection(tenant_id, read_settings(tenant_id), interactive=True).client
    except NotReady as missing:
        raise Conflict(
            f"e-invoicing is not set up: {missing}",
            [
                FieldError(
                    missing.field or "settings.client_id", str(missing), "einvoice.not_set_up", {"reason": str(missing)}
                )
            ],
        ) from None


def _unavailable(refused: Exception) -> Conflict:
    """MyInvois refused the company's client (a wrong secret) or did not answer in time: 409, never a 500."""
    return Conflict(
        f"MyInvois did not answer: {refused}",
        [FieldError("settings.client_id", str(refused), "einvoice.not_set_up", {"reason": str(refused)})],
    )
