"""Order-to-cash task `hand_to_people` (statemachines/order_fulfilment.asl.json)."""

from typing import Any

from ledgerlet.sales import workflow


def handler(event: dict[str, Any], context: Any) -> Any:
    return workflow.hand_to_people(event)
