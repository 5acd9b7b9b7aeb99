"""Registry of the template's functions, invoked in process."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
import threading
import time
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .provision import Stack
from .template import SERVERLESS_FUNCTION

log = logging.getLogger("localcloud.functions")

LAYER_TYPES = ("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion")


class LambdaContext:
    """The subset of the Lambda context object handlers use."""

    def __init__(self, fn: Function, request_id: str | None = None) -> None:
        self.function_name = fn.name
        self.function_version = "$LATEST"
        self.invoked_function_arn = fn.arn
        self.memory_limit_in_mb = fn.memory_mb
        self.aws_request_id = request_id or str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{fn.name}"
        self.log_stream_name = time.strftime("%Y/%m/%d/[$LATEST]") + uuid.uuid4().hex
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + fn.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass
class Function:
    logical_id: str
    name: str
    arn: str
    code_dir: Path
    handler: str
    timeout_s: float
    memory_mb: int
    environment: dict[str, str]
    layer_dirs: list[Path]
    events: dict[str, dict[str, Any]]
    module: types.ModuleType | None = field(default=None, repr=False)
    _handler_fn: Callable[[Any, Any], Any] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _idle: list[Callable[[Any, Any], Any]] = field(default_factory=list, repr=False)
    _started: int = field(default=0, repr=False)

    @property
    def module_name(self) -> str:
        return "_localcloud_fn_" + re.sub(r"\W", "_", self.logical_id)

    def load(self) -> Callable[[Any, Any], Any]:
        """Import the handler module by file path under a per-function package name (cached)."""
        if self._handler_fn is not None:
            return self._handler_fn
        with self._lock:
            if self._handler_fn is None:
                self._handler_fn = self._import()
            return self._handler_fn

    def _import(self, container: int = 0) -> Callable[[Any, Any], Any]:
        """Load the handler module; ``container`` > 0 loads a separate copy (another warm container)."""
        module_path, _, attr = self.handler.rpartition(".")
        rel = module_path.replace(".", "/")
        file = self.code_dir / f"{rel}.py"
        if not file.exists():
            file = self.code_dir / rel / "__init__.py"
        if not file.exists():
            raise FileNotFoundError(f"{self.logical_id}: handler module {rel}.py not found in {self.code_dir}")
        for layer in self.layer_dirs:
            if str(layer) not in sys.path:
                sys.path.insert(0, str(layer))
        # A synthetic package rooted at CodeUri so relative imports between siblings work
        # without two functions' same-named modules colliding in sys.modules.
        pkg_name = self.module_name
        if pkg_name not in sys.modules:
            pkg = types.ModuleType(pkg_name)
            pkg.__path__ = [str(self.code_dir)]
            pkg.__package__ = pkg_name
            sys.modules[pkg_name] = pkg
        dotted = rel.replace("/", ".")
        full_name = f"{pkg_name}.{dotted}" + (f"__container{container}" if container else "")
        parent = pkg_name
        for part in dotted.split(".")[:-1]:  # intermediate packages (folders)
            sub = f"{parent}.{part}"
            if sub not in sys.modules:
                subpkg = types.ModuleType(sub)
                subpkg.__path__ = [str(Path(sys.modules[parent].__path__[0]) / part)]
                sys.modules[sub] = subpkg
            parent = sub
        spec = importlib.util.spec_from_file_location(full_name, file)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {file}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[full_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(full_name, None)
            raise
        if not container:
            self.module = module
        handler = getattr(module, attr)
        if not callable(handler):
            raise TypeError(f"{self.logical_id}: {self.handler} is not callable")
        log.debug("loaded %s from %s", self.logical_id, file)
        return handler

    def invoke(self, event: Any, context: LambdaContext | None = None) -> Any:
        """Run one invocation in an idle container, starting another when all are busy.

        Like Lambda, a container serves one invocation at a time: handler modules (and the
        frameworks in them) may keep per-request state at module level.
        """
        handler = self._checkout()
        try:
            return handler(event, context or LambdaContext(self))
        finally:
            with self._lock:
                self._idle.append(handler)

    @property
    def containers(self) -> int:
        """How many warm containers (loaded copies of the handler module) this function has."""
        return self._started

    def _checkout(self) -> Callable[[Any, Any], Any]:
        first = self.load()
        with self._lock:
            if self._idle:
                return self._idle.pop()
            if not self._started:
                self._started = 1
                return first
            self._started += 1
            container = self._started - 1
        return self._import(container)


class FunctionRegistry:
    """All ``AWS::Serverless::Function`` resources of a provisioned stack."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.functions: dict[str, Function] = {}
        base = stack.template.base_dir
        for lid, res in stack.enabled_resources(SERVERLESS_FUNCTION).items():
            props = res.get("Properties") or {}
            if props.get("InlineCode") is not None:
                log.warning("%s uses InlineCode, which is not supported locally; skipped", lid)
                continue
            code_uri = stack.resolver.resolve(props.get("CodeUri", "."))
            if not isinstance(code_uri, str):
                raise ValueError(f"{lid}: CodeUri must be a local folder, got {code_uri!r}")
            self.functions[lid] = Function(
                logical_id=lid,
                name=stack.function_name(lid),
                arn=stack.function_arn(lid),
                code_dir=(base / code_uri).resolve(),
                handler=str(stack.resolver.resolve(props.get("Handler", "app.lambda_handler"))),
                timeout_s=float(stack.resolver.resolve(props.get("Timeout", 3))),
                memory_mb=int(stack.resolver.resolve(props.get("MemorySize", 128))),
                environment=dict(stack.function_env.get(lid, {})),
                layer_dirs=self._layer_dirs(lid, props.get("Layers") or []),
                events=props.get("Events") or {},
            )
        self._by_name = {f.name: f for f in self.functions.values()}
        self._by_arn = {f.arn: f for f in self.functions.values()}

    def _layer_dirs(self, lid: str, layers: list[Any]) -> list[Path]:
        dirs = []
        for layer in layers:
            ref = layer.get("Ref") if isinstance(layer, dict) else None
            res = self.stack.template.resources.get(str(ref)) if ref else None
            if not res or res.get("Type") not in LAYER_TYPES:
                log.debug("%s: layer %r is not a local layer; ignored", lid, layer)
                continue
            props = res.get("Properties") or {}
            content = self.stack.resolver.resolve(props.get("ContentUri") or props.get("Content") or ".")
            if not isinstance(content, str):
                continue
            folder = (self.stack.template.base_dir / content).resolve()
            dirs.append(folder / "python" if (folder / "python").is_dir() else folder)
        return dirs

    def __iter__(self) -> Any:
        return iter(self.functions.values())

    def __getitem__(self, logical_id: str) -> Function:
        return self.functions[logical_id]

    def find(self, name_or_arn: str) -> Function:
        """Resolve a logical id, function name, ARN (optionally qualified) to a function."""
        key = name_or_arn
        if key.startswith("arn:"):
            parts = key.split(":")
            key = parts[6] if len(parts) > 6 else key
        elif ":" in key:  # name:qualifier
            key = key.split(":")[0]
        for table in (self.functions, self._by_name):
            if key in table:
                return table[key]
        if name_or_arn in self._by_arn:
            return self._by_arn[name_or_arn]
        raise KeyError(f"no function named {name_or_arn!r} in the template")

    def environment_union(self, warn: bool = False) -> dict[str, str]:
        """The union of all functions' variables; the first function's value wins a conflict."""
        union: dict[str, str] = {}
        owner: dict[str, str] = {}
        for fn in self.functions.values():
            for key, value in fn.environment.items():
                if key in union and union[key] != value:
                    if not warn:
                        continue
                    log.warning(
                        "env %s: %s sets %r but %s sets %r; keeping the first",
                        key,
                        owner[key],
                        union[key],
                        fn.logical_id,
                        value,
                    )
                    continue
                union.setdefault(key, value)
                owner.setdefault(key, fn.logical_id)
        return union

    def apply_environment(self) -> dict[str, str]:
        """Put the union of all functions' variables into ``os.environ`` (conflicts warn)."""
        union = self.environment_union(warn=True)
        os.environ.update(union)
        return union

    def events_of_type(self, *types: str) -> list[tuple[Function, str, dict[str, Any]]]:
        out = []
        for fn in self.functions.values():
            for name, ev in fn.events.items():
                if isinstance(ev, dict) and ev.get("Type") in types:
                    out.append((fn, name, ev.get("Properties") or {}))
        return out
