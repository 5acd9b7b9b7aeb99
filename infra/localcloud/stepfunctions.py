"""Run Step Functions Lambda tasks in process, and a helper to run executions to completion."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from typing import Any

from .functions import FunctionError, FunctionRegistry

log = logging.getLogger("localcloud.stepfunctions")

_registry: FunctionRegistry | None = None
_originals: dict[Any, Any] = {}


def install(registry: FunctionRegistry) -> None:
    """Route moto's Lambda ``Invoke`` (used by its Step Functions interpreter, and by product code
    calling ``lambda.invoke``) to the template's functions, in process."""
    global _registry  # noqa: PLW0603
    _registry = registry
    from moto.awslambda.models import LambdaBackend

    classes: list[Any] = [LambdaBackend]
    try:
        from moto.awslambda_simple.models import LambdaSimpleBackend

        classes.append(LambdaSimpleBackend)
    except ImportError:  # pragma: no cover
        pass
    for cls in classes:
        if cls not in _originals:
            _originals[cls] = cls.__dict__.get("invoke")
            cls.invoke = _make_invoke(cls)


def uninstall() -> None:
    global _registry  # noqa: PLW0603
    _registry = None
    for cls, original in list(_originals.items()):
        if original is None:
            del cls.invoke
        else:
            cls.invoke = original
        del _originals[cls]


def _make_invoke(cls: Any) -> Any:
    def invoke(  # noqa: PLR0917 - moto's signature
        self: Any,
        function_name: str,
        qualifier: str | None,
        body: Any,
        headers: Any,
        response_headers: dict[str, str],
    ) -> bytes | None:
        registry = _registry
        try:
            fn = registry.find(function_name) if registry else None
        except KeyError:
            fn = None
        if fn is None:
            original = _originals.get(cls) or next(
                (base.invoke for base in cls.__mro__[1:] if "invoke" in base.__dict__), None
            )
            if original is None:
                raise KeyError(function_name)
            result: bytes | None = original(self, function_name, qualifier, body, headers, response_headers)
            return result
        raw = body.decode("utf-8") if isinstance(body, bytes) else body
        event = json.loads(raw) if raw else {}
        invocation_type = (headers.get("X-Amz-Invocation-Type") if headers else None) or "RequestResponse"
        if invocation_type == "Event":
            threading.Thread(
                target=_run_async, args=(fn, event), daemon=True, name=f"localcloud-async-{fn.logical_id}"
            ).start()
            return b""
        if invocation_type == "DryRun":
            return b""
        payload, error = run_function(fn, event)
        if error:
            response_headers["x-amz-function-error"] = "Unhandled"
        response_headers["Content-Length"] = str(len(payload))
        return payload

    return invoke


def run_function(fn: Any, event: Any) -> tuple[bytes, bool]:
    """Invoke and encode like Lambda does: (payload, errored)."""
    try:
        result = fn.invoke(event)
    except FunctionError as error:
        log.info("%s failed: %s", fn.logical_id, error)
        return json.dumps(error.payload).encode("utf-8"), True
    return json.dumps(result).encode("utf-8"), False


def _run_async(fn: Any, event: Any) -> None:
    _, errored = run_function(fn, event)
    if errored:
        log.error("async invocation of %s failed", fn.logical_id)


def run_execution(
    state_machine_arn: str,
    execution_input: Any = None,
    timeout: float = 30.0,
    name_prefix: str = "local",
    poll_interval: float = 0.05,
) -> dict[str, Any]:
    """Start an execution under a unique name and wait until it is no longer RUNNING.

    Returns ``describe_execution``'s response, with ``output`` parsed into ``outputJson``.
    """
    import boto3

    sfn = boto3.client("stepfunctions")
    name = f"{name_prefix}-{uuid.uuid4().hex}"[:80]
    payload = execution_input if isinstance(execution_input, str) else json.dumps(execution_input or {})
    arn = sfn.start_execution(stateMachineArn=state_machine_arn, name=name, input=payload)["executionArn"]
    deadline = time.monotonic() + timeout
    while True:
        desc: dict[str, Any] = dict(sfn.describe_execution(executionArn=arn))
        if desc["status"] != "RUNNING":
            if desc.get("output"):
                desc["outputJson"] = json.loads(desc["output"])
            return desc
        if time.monotonic() > deadline:
            raise TimeoutError(f"execution {arn} still RUNNING after {timeout}s")
        time.sleep(poll_interval)
