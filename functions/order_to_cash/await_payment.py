"""Order-to-cash task `await_payment` (statemachines/order_fulfilment.asl.json)."""

from typing import Any

from ledgerlet.sales import workflow


def handler(event: dict[str, Any], context: Any) -> Any:
    return workflow.await_payment(event)
