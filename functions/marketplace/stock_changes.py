"""Hub events: stock heads whose available quantity moved mark their items due a stock update at the
marketplaces syncing that warehouse (ledgerlet.marketplace.stock_sync)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    import json

    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    from ledgerlet.marketplace.stock_sync import stock_changed

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(
            event=event,
            record_handler=lambda record: stock_changed(json.loads(record.body)),
            processor=processor,
            context=context,
        )
    )
