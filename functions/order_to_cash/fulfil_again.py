"""Order-to-cash task `fulfil_again` (statemachines/order_to_cash.asl.json)."""

from typing import Any

from ledgerlet.sales import workflow


def handler(event: dict[str, Any], context: Any) -> Any:
    return workflow.fulfil_again(event)
