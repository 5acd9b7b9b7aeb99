"""``Idempotency-Key`` on POST: a retried request gets the first answer, not a second document.

Powertools' idempotency utility keeps the records in the hub under the tenant's own keys
(``<tenant>#IDEMPOTENCY#<function>``), and the key it hashes is (tenant, route, client key), so two
tenants using the same key never meet. Reusing a key with a different body answers 422.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from ledgerlet.api.caller import caller_from_event
from ledgerlet.errors import BadRequest, Conflict, FieldError, Unprocessable

HEADER = "idempotency-key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
EXPIRY_SECONDS = 24 * 3600


def idempotent_post(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Route middleware: replay the stored answer for a repeated ``Idempotency-Key``."""
    headers = {k.lower(): v for k, v in (app.current_event.headers or {}).items()}
    client_key = headers.get(HEADER)
    if client_key is None:
        return next_middleware(app)
    if not _KEY.match(client_key):
        raise BadRequest(
            "Idempotency-Key must be 1-255 visible ASCII characters",
            [FieldError("header.Idempotency-Key", "1-255 visible ASCII characters", "idempotency.key")],
        )
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    tenant_id = caller_from_event(app.current_event.raw_event).tenant_id
    config = IdempotencyConfig(
        event_key_jmespath="[tenant, route, key]",
        payload_validation_jmespath="body",
        expires_after_seconds=EXPIRY_SECONDS,
    )
    if app.lambda_context is not None and hasattr(app.lambda_context, "get_remaining_time_in_millis"):
        config.register_lambda_context(app.lambda_context)

    function_name = getattr(app.lambda_context, "function_name", None) or os.environ.get(
        "AWS_LAMBDA_FUNCTION_NAME", "local"
    )
    store = _persistence(tenant_id, function_name)

    @idempotent_function(data_keyword_argument="request", persistence_store=store, config=config)
    def answer(request: dict[str, Any]) -> dict[str, Any]:
        response = next_middleware(app)
        return {
            "status": response.status_code,
            "content_type": response.headers.get("Content-Type", "application/json"),
            "body": response.body if isinstance(response.body, str) else json.dumps(response.body),
        }

    route = f"{app.current_event.http_method} {app.current_event.resource}"
    request = {"tenant": tenant_id, "route": route, "key": client_key, "body": app.current_event.body or ""}
    try:
        stored = answer(request=request)
    except IdempotencyValidationError:
        raise Unprocessable(
            "this Idempotency-Key was used with a different request body",
            [FieldError("header.Idempotency-Key", "reused with a different body", "idempotency.reused")],
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict("a request with this Idempotency-Key is still in progress; retry shortly") from None
    return Response(stored["status"], stored["content_type"], stored["body"])


def _persistence(tenant_id: str, function_name: str) -> Any:
    """This request's persistence layer, on the tenant's scoped client.

    One per request: Powertools' layer keeps per-call state (the function name it prefixes keys
    with, its configuration), so a layer shared between requests would mix them. The client it
    wraps is the costly part, and that is cached per tenant.
    """
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from ledgerlet.hub import keys
    from ledgerlet.hub.aws import tenant_dynamodb
    from ledgerlet.settings import settings

    return DynamoDBPersistenceLayer(
        table_name=settings().hub_table,
        key_attr="PK",
        sort_key_attr="SK",
        static_pk_value=keys.idempotency_pk(tenant_id, function_name),
        expiry_attr="ttl",
        boto3_client=tenant_dynamodb(tenant_id),
    )
