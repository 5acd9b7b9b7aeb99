"""Order-to-cash task `fulfil` (statemachines/order_fulfilment.asl.json): confirm, reserve, deliver, invoice,
hand off, in plain code."""

from typing import Any

from ledgerlet.sales import workflow


def handler(event: dict[str, Any], context: Any) -> Any:
    return workflow.fulfil(event)
