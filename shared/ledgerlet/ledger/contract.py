"""What other applets may use of the ledger: whether a date is locked for a module (and the 422 saying
so), a company's today,
and a new company's ledger settings.

Everything else in ``ledgerlet.ledger`` (and its store, ``ledgerlet.ledger.store``) is the ledger's own
(tests/unit/test_applet_boundaries.py).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any


def blocking_lock(tenant_id: str, module: str, day: date) -> tuple[str, date] | None:
    """Why ``module`` may not post on ``day`` and the lock date that refuses it, or None."""
    from ledgerlet.ledger.store import LedgerStore

    locks = LedgerStore(tenant_id).lock_dates()
    reason, lock = locks.refusal(module, day), locks.blocking(module, day)
    return (reason, lock) if reason and lock else None


def refuse_locked(tenant_id: str, module: str, day: str, field: str = "body.date") -> None:
    """A 422 naming ``field`` when ``module`` may not post on ``day`` (ISO), saying which lock refuses it."""
    from ledgerlet.errors import invalid_field

    blocked = blocking_lock(tenant_id, module, date.fromisoformat(day))
    if blocked:
        reason, lock = blocked
        raise invalid_field(
            field,
            f"cannot post into a locked period: {reason}; {LOCKED_HINT}",
            "period.locked",
            date=day,
            lock_date=lock.isoformat(),
        )


LOCKED_HINT = "change the lock dates in the ledger settings, or date the document later"


def seed_settings(tenant_id: str, settings: dict[str, Any], user_id: str) -> None:
    """A new company's ledger settings (fiscal calendar, time zone), unless it already has some."""
    from ledgerlet.errors import Conflict
    from ledgerlet.ledger.store import LedgerStore

    ledger = LedgerStore(tenant_id)
    if ledger.settings()["version"] == 0:
        with suppress(Conflict):  # written meanwhile by a concurrent retry
            ledger.save_settings(settings, 0, user_id)


def company_today(tenant_id: str, now: Any = None) -> date:
    """Today's date where the company is (its ledger's ``time_zone``)."""
    from ledgerlet.ledger.store import LedgerStore
    from ledgerlet.timezones import today_in

    return today_in(LedgerStore(tenant_id).settings()["time_zone"], now)
