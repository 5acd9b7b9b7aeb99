"""Inside one execution environment: a worker process that serves one function, one invocation at a time.

The parent (:mod:`.environments`) starts it with the function's own environment variables and layers,
sends events over a pipe and waits for each answer. Like Lambda's runtime, it imports the handler
once (the init phase), keeps the module warm between invocations, encodes results as JSON (a
``Decimal`` as a number, anything else that JSON cannot hold is a ``Runtime.MarshalError``) and
reports a raised exception as ``errorType``/``errorMessage``/``stackTrace`` without ending.

Nothing here may import the rest of localcloud: this module is what a worker process loads.
"""

from __future__ import annotations

import decimal
import gc
import importlib.util
import json
import os
import sys
import time
import traceback
import types
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Messages on the pipe (JSON objects): parent -> child {"event", "request_id", "timeout_ms"};
# child -> parent {"ready", "init_ms"} once, then {"result"} or {"error"} per invocation, with its
# "duration_ms" (what Lambda bills: the init phase, and each invocation's handler time) and "cpu_ms".


@dataclass(frozen=True)
class EnvironmentSpec:
    """What a worker needs to become an execution environment of one function."""

    logical_id: str
    function_name: str
    function_arn: str
    code_dir: str
    handler: str
    memory_mb: int
    timeout_s: float
    layer_dirs: tuple[str, ...]
    environment: tuple[tuple[str, str], ...]


class LambdaContext:
    """The Lambda context object handlers receive."""

    def __init__(self, spec: EnvironmentSpec, request_id: str, timeout_ms: int, log_stream: str) -> None:
        self.function_name = spec.function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = spec.function_arn
        self.memory_limit_in_mb = spec.memory_mb
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{spec.function_name}"
        self.log_stream_name = log_stream
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def serve(connection: Any, spec: EnvironmentSpec) -> None:
    """The worker's main loop (the target of its process)."""
    # What the fork server imported stays shared with the other environments only while no page of
    # it is written: frozen, the collector never walks (and so never writes) those objects.
    gc.freeze()
    started = time.perf_counter()
    log_stream = time.strftime("%Y/%m/%d/[$LATEST]") + uuid.uuid4().hex  # one per environment, as in Lambda
    os.environ.clear()
    os.environ.update(dict(spec.environment))
    # boto3 names the function in its User-Agent (app/<id>): the runtime's meter attributes its requests.
    os.environ.setdefault("AWS_SDK_UA_APP_ID", spec.logical_id[:50])
    sys.path[:0] = [layer for layer in spec.layer_dirs if layer not in sys.path]
    try:
        handler = import_handler(spec)
    except Exception as exc:
        connection.send_bytes(_encode({"error": _error(exc, "Runtime.ImportModuleError")}))
        return
    connection.send_bytes(_encode({"ready": True, "init_ms": (time.perf_counter() - started) * 1000}))
    while True:
        try:
            message = json.loads(connection.recv_bytes())
        except (EOFError, OSError):  # the runtime went away: so does the environment
            return
        context = LambdaContext(spec, message["request_id"], message["timeout_ms"], log_stream)
        started, cpu = time.perf_counter(), time.process_time()
        answer: dict[str, Any]
        try:
            result = handler(message["event"], context)
        except Exception as exc:
            answer = {"error": _error(exc)}
        else:
            try:
                answer = {"result": json.loads(json.dumps(result, default=_number))}
            except (TypeError, ValueError) as exc:
                answer = {"error": _error(exc, "Runtime.MarshalError")}
        answer["duration_ms"] = (time.perf_counter() - started) * 1000
        answer["cpu_ms"] = (time.process_time() - cpu) * 1000
        connection.send_bytes(_encode(answer))


def import_handler(spec: EnvironmentSpec) -> Any:
    """Import ``module.attr`` of ``spec.handler`` from the function's code folder.

    The module sits in a package rooted at the code folder, so handlers may import siblings
    relatively (``from . import x``).
    """
    module_path, _, attr = spec.handler.rpartition(".")
    code_dir = Path(spec.code_dir)
    rel = module_path.replace(".", "/")
    file = code_dir / f"{rel}.py"
    if not file.exists():
        file = code_dir / rel / "__init__.py"
    if not file.exists():
        raise FileNotFoundError(f"{spec.logical_id}: handler module {rel}.py not found in {code_dir}")
    package = "_function"
    root = types.ModuleType(package)
    root.__path__ = [str(code_dir)]
    sys.modules[package] = root
    parent = package
    for part in rel.split("/")[:-1]:  # intermediate packages (folders)
        sub = types.ModuleType(f"{parent}.{part}")
        sub.__path__ = [str(Path(sys.modules[parent].__path__[0]) / part)]
        sys.modules[sub.__name__] = sub
        parent = sub.__name__
    name = f"{package}.{rel.replace('/', '.')}"
    loader_spec = importlib.util.spec_from_file_location(name, file)
    if loader_spec is None or loader_spec.loader is None:
        raise ImportError(f"cannot load {file}")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[name] = module
    loader_spec.loader.exec_module(module)
    handler = getattr(module, attr)
    if not callable(handler):
        raise TypeError(f"{spec.logical_id}: {spec.handler} is not callable")
    return handler


def _number(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):  # what Lambda's Python runtime does with a Decimal
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _error(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    return {
        "errorType": error_type or type(exc).__name__,
        "errorMessage": str(exc),
        "stackTrace": traceback.format_exception(exc),
    }


def _encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode("utf-8")
