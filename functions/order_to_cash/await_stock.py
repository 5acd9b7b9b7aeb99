"""Order-to-cash task `await_stock` (statemachines/order_to_cash.asl.json)."""

from typing import Any

from ledgerlet.sales import workflow


def handler(event: dict[str, Any], context: Any) -> Any:
    return workflow.await_stock(event)
