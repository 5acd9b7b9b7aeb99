"""Period-close task `check_trial_balance` (statemachines/period_close.asl.json); skipped when the record says done."""

from typing import Any

from ledgerlet.ledger.close import run_step


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return run_step("check_trial_balance", event)
