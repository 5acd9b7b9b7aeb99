"""Lambda handlers of the onboarding state machine's tasks (``statemachines/onboarding.asl.json``).

Each takes the execution input and returns it, so the next state gets the same input; all are
idempotent, so Step Functions may retry them freely.
"""

from __future__ import annotations

from typing import Any

from ledgerlet.platform import onboarding


def seed_defaults(event: Any, context: Any) -> Any:
    return onboarding.seed_defaults(event)


def switch_on_default_applets(event: Any, context: Any) -> Any:
    return onboarding.switch_on_default_applets(event)


def activate(event: Any, context: Any) -> Any:
    return onboarding.activate(event)


def mark_failed(event: Any, context: Any) -> Any:
    return onboarding.mark_failed(event)
