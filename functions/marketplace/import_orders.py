"""The import queue (SQS FIFO): each message an order to import, or a shop's orders to re-fetch
(ledgerlet.marketplace.worker). A message that fails is reported alone; the later ones of its group in the
batch wait for it (FIFO order per order)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    import json

    from aws_lambda_powertools import Logger
    from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response

    from ledgerlet.marketplace.worker import handle

    logger = Logger(child=True)

    def one(record: Any) -> None:
        message = json.loads(record.body)
        outcome = handle(message)
        logger.info("marketplace message", extra={**message, "outcome": outcome})

    processor = SqsFifoPartialProcessor(skip_group_on_error=True)
    return dict(process_partial_response(event=event, record_handler=one, processor=processor, context=context))
