"""Registry of the template's functions, invoked in process."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .environments import EnvironmentPool, Fleet, FunctionError
from .provision import LAYER_TYPES, Stack
from .sandbox import EnvironmentSpec
from .template import SERVERLESS_FUNCTION

log = logging.getLogger("localcloud.functions")

__all__ = ["Function", "FunctionError", "FunctionRegistry"]


@dataclass
class Function:
    """A function of the template; its invocations run in its own execution environments."""

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
    reserved_concurrency: int | None = None
    stack: Stack | None = field(default=None, repr=False)  # the (nested) stack that declares it
    pool: EnvironmentPool | None = field(default=None, repr=False)

    def resolve(self, value: Any) -> Any:
        """Resolve intrinsics in the function's own stack (its events, its properties)."""
        assert self.stack is not None
        return self.stack.resolver.resolve(value)

    def spec(self, base_environment: Mapping[str, str], runtime: str) -> EnvironmentSpec:
        """What an environment of this function is started with: its variables over the process's,
        and the variables Lambda itself sets."""
        lambda_variables = {
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mb),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.name}",
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
            "LAMBDA_TASK_ROOT": str(self.code_dir),
            "_HANDLER": self.handler,
            "AWS_SAM_LOCAL": "true",  # as `sam local` sets it: no X-Ray daemon here
        }
        variables = {**base_environment, **self.environment, **lambda_variables}
        return EnvironmentSpec(
            logical_id=self.logical_id,
            function_name=self.name,
            function_arn=self.arn,
            code_dir=str(self.code_dir),
            handler=self.handler,
            memory_mb=self.memory_mb,
            timeout_s=self.timeout_s,
            layer_dirs=tuple(str(d) for d in self.layer_dirs),
            environment=tuple(sorted(variables.items())),
        )

    def invoke(self, event: Any, request_id: str | None = None) -> Any:
        """Run one invocation in an environment of this function (raises :class:`FunctionError`)."""
        if self.pool is None:
            raise RuntimeError(f"{self.logical_id}: the local cloud is not running")
        return self.pool.invoke(event, request_id)

    @property
    def environments(self) -> int:
        """How many environments this function has started so far."""
        return self.pool.started if self.pool else 0


class FunctionRegistry:
    """All ``AWS::Serverless::Function`` resources of a provisioned stack."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.functions: dict[str, Function] = {}
        self.runtimes: dict[str, str] = {}
        for owner in stack.all_stacks():
            self._add_functions(owner)
        self._by_name = {f.name: f for f in self.functions.values()}
        self._by_arn = {f.arn: f for f in self.functions.values()}

    def _add_functions(self, stack: Stack) -> None:
        base = stack.template.base_dir
        for lid, res in stack.enabled_resources(SERVERLESS_FUNCTION).items():
            props = res.get("Properties") or {}
            if props.get("InlineCode") is not None:
                log.warning("%s uses InlineCode, which is not supported locally; skipped", lid)
                continue
            if lid in self.functions:
                raise ValueError(f"{lid}: two stacks declare a function with this logical id")
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
                layer_dirs=self._layer_dirs(stack, lid, props.get("Layers") or []),
                events=props.get("Events") or {},
                reserved_concurrency=_optional_int(stack.resolver.resolve(props.get("ReservedConcurrentExecutions"))),
                stack=stack,
            )
            self.runtimes[lid] = str(stack.resolver.resolve(props.get("Runtime", "python3.12")))

    def start(self, fleet: Fleet) -> None:
        """Give every function its pool of execution environments in ``fleet``.

        An environment sees the process's variables (moto's endpoint and credentials) under its
        function's own; another function's variables are not among them.
        """
        others = set(self.environment_union())
        for fn in self.functions.values():
            base = {k: v for k, v in os.environ.items() if k not in others or k in fn.environment}
            fn.pool = fleet.pool(fn.spec(base, self.runtimes[fn.logical_id]), fn.reserved_concurrency)

    @staticmethod
    def _layer_dirs(stack: Stack, lid: str, layers: list[Any]) -> list[Path]:
        """Local layers: one of the stack's own, or one a parent stack made and passed down by ARN."""
        dirs = []
        for layer in layers:
            ref = layer.get("Ref") if isinstance(layer, dict) else None
            own = stack.template.resources.get(str(ref)) if ref else None
            arn = stack.ref(str(ref)) if own and own.get("Type") in LAYER_TYPES else stack.resolver.resolve(layer)
            if not isinstance(arn, str) or arn not in stack.local_layers:
                log.debug("%s: layer %r is not a local layer; ignored", lid, layer)
                continue
            dirs.append(stack.local_layers[arn])
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


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)
