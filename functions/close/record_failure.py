"""Period-close catcher task: keep the failed step's error and cause on the close record."""

from typing import Any

from ledgerlet.ledger.close import record_failure


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return record_failure(event)
