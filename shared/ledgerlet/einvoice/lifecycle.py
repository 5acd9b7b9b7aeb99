"""An e-invoice's lifecycle, as a table of transitions (pure; the queue applies it with conditional writes).

    pending ──send──▶ sending ──accepted──▶ submitted ──valid──▶ valid ──cancel──▶ cancelled
       ▲                 │ └──rejected──▶ invalid ◀──invalid──┘
       │                 └──(no answer: stays sending; the next run sends the same bytes again, and
       └──resubmit── invalid      MyInvois's duplicate detection tells which were already taken)

``consolidate``: a sale to a buyer without a TIN, waiting for its month's consolidated e-invoice
(``consolidated`` once it is in one). ``refused``: it never left, because it breaks LHDN's rules (the
errors say which field); fixed and resubmitted, it is pending again.

A valid e-invoice may be cancelled by its issuer within 72 hours of validation (``cancellable_until``);
after that it is corrected by a note.
"""

from __future__ import annotations

from datetime import datetime, timedelta

PENDING, SENDING, SUBMITTED, VALID, INVALID, CANCELLED = (
    "pending",
    "sending",
    "submitted",
    "valid",
    "invalid",
    "cancelled",
)
REFUSED, CONSOLIDATE, CONSOLIDATED = "refused", "consolidate", "consolidated"
STATES = (PENDING, SENDING, SUBMITTED, VALID, INVALID, CANCELLED, REFUSED, CONSOLIDATE, CONSOLIDATED)
CANCEL_WINDOW = timedelta(hours=72)

TRANSITIONS: dict[str, dict[str, str]] = {
    "send": {PENDING: SENDING, SENDING: SENDING},
    "accepted": {SENDING: SUBMITTED},
    "rejected": {SENDING: INVALID},
    "refuse": {PENDING: REFUSED, SENDING: REFUSED},
    "valid": {SUBMITTED: VALID, SENDING: VALID},
    "invalid": {SUBMITTED: INVALID, SENDING: INVALID},
    "cancel": {VALID: CANCELLED},
    "resubmit": {INVALID: PENDING, REFUSED: PENDING},
    "consolidated": {CONSOLIDATE: CONSOLIDATED},
}
"""event -> {state it may happen in: the state it leads to}."""


class NotAllowed(Exception):
    def __init__(self, event: str, state: str) -> None:
        super().__init__(f"an e-invoice that is {state} cannot take {event!r}")
        self.event, self.state = event, state


def next_state(state: str, event: str) -> str:
    """The state ``event`` leads to from ``state`` (:class:`NotAllowed` when it cannot happen there)."""
    target = TRANSITIONS.get(event, {}).get(state)
    if target is None:
        raise NotAllowed(event, state)
    return target


def cancellable_until(validated_at: datetime) -> datetime:
    return validated_at + CANCEL_WINDOW


def can_cancel(state: str, until: datetime | None, now: datetime) -> bool:
    return state == VALID and until is not None and now <= until
