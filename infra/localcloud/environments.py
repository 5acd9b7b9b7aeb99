"""Execution environments, as Lambda gives them: one worker process per environment.

An environment imports its function once and then serves one invocation at a time; its module
state is its own, as in Lambda, and nothing of one request can be seen by a concurrent one. A
function gets more environments as concurrent invocations arrive, up to its limit
(``ReservedConcurrentExecutions``, else the runtime's default); beyond it, invocations queue until an
environment is free. An environment idle for ``idle_seconds`` is shut down, and one that times out
or dies is discarded, like Lambda's.

Workers come from ``multiprocessing``'s fork server, which imports the common libraries once
(:data:`PRELOAD`), so a cold start forks rather than starting Python again. As in any program that
uses ``multiprocessing``, a script that starts the local cloud must do so under
``if __name__ == "__main__":`` (a worker imports the script's module).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sandbox import EnvironmentSpec, serve

if TYPE_CHECKING:
    from .metering import Meter

log = logging.getLogger("localcloud.environments")

PRELOAD = (
    "boto3",
    "botocore.session",
    "pydantic",
    "pydantic.json_schema",
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.event_handler.openapi.params",
    "aws_lambda_powertools.event_handler.middlewares.openapi_validation",
    "aws_lambda_powertools.logging",
    "aws_lambda_powertools.metrics",
)
"""Libraries the fork server imports once: generic ones that nearly every function imports (none of the
template's own code; one that is not installed is skipped)."""

INIT_TIMEOUT_S = 60.0
SLOW_START_S = 10.0

ENVIRONMENT_MB = 48
"""What a warm environment takes of memory, about (its own pages: the libraries it shares with the fork
server are counted once; measured as each process's proportional set size)."""


def environments_memory_holds(
    meminfo: str | None = None, share: float = 0.25, floor: int = 16, ceiling: int = 128
) -> int:
    """How many warm environments ``share`` of the memory available now holds, between ``floor`` and
    ``ceiling``: the soft cap on live environments. A product that uses a hundred functions (the console's
    screens do) otherwise keeps shutting environments it needs again, and every cold start costs an init
    and a slower first invocation. ``meminfo``: Linux's /proc/meminfo (read when None); 32 where there is none."""
    if meminfo is None:
        try:
            meminfo = Path("/proc/meminfo").read_text(encoding="ascii")
        except OSError:
            return 32
    available_kb = next(
        (int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemAvailable:")), None
    )
    if available_kb is None:
        return 32
    return max(floor, min(ceiling, int(available_kb * share / (ENVIRONMENT_MB * 1024))))


class FunctionError(Exception):
    """An invocation that failed: the handler raised, or the environment timed out or died."""

    def __init__(self, error_type: str, message: str, stack_trace: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = list(stack_trace)

    @property
    def payload(self) -> dict[str, Any]:
        """Lambda's error payload (what ``Invoke`` returns with ``FunctionError: Unhandled``)."""
        return {"errorType": self.error_type, "errorMessage": self.message, "stackTrace": self.stack_trace}

    def __str__(self) -> str:
        return f"{self.error_type}: {self.message}"


class _Gone(Exception):
    """The environment cannot serve any more invocations: it timed out, or its process ended."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type


class Environment:
    """One worker process serving one function."""

    def __init__(self, spec: EnvironmentSpec) -> None:
        context = multiprocessing.get_context("forkserver")
        self.spec = spec
        self.id = uuid.uuid4().hex[:8]
        self.invocations = 0
        self.idle_since = time.monotonic()
        self.init_ms = 0.0  # how long the init phase took (Lambda bills it)
        self.last_ms = 0.0  # how long the last invocation ran (what Lambda bills)
        self.last_cpu_ms = 0.0  # the processor time it took
        self._connection, child = context.Pipe()
        started = time.monotonic()
        self._process = context.Process(
            target=serve, args=(child, spec), name=f"localcloud-{spec.logical_id}-{self.id}", daemon=True
        )
        self._process.start()
        child.close()
        try:
            ready = self._receive(INIT_TIMEOUT_S)
        except _Gone as gone:
            self.stop()
            raise FunctionError(gone.error_type, f"{spec.logical_id}: init ended: {gone}") from None
        if "error" in ready:
            self.stop()
            error = ready["error"]
            raise FunctionError(error["errorType"], error["errorMessage"], error["stackTrace"])
        self.init_ms = float(ready.get("init_ms") or 0.0)
        waited = time.monotonic() - started
        if waited > SLOW_START_S:  # a hint for a test that timed out on a loaded machine
            log.warning(
                "%s: environment %s took %.1f s to start (init %.0f ms)", spec.logical_id, self.id, waited, self.init_ms
            )

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return self._process.is_alive()

    def invoke(self, event: Any, request_id: str) -> Any:
        """Run one invocation; raises :class:`FunctionError`, or :class:`_Gone` if the environment ended."""
        timeout_s = self.spec.timeout_s
        message = {"event": event, "request_id": request_id, "timeout_ms": int(timeout_s * 1000)}
        try:
            self._connection.send_bytes(json.dumps(message).encode("utf-8"))
        except (OSError, ValueError) as exc:
            raise _Gone("Runtime.ExitError", f"could not send the event: {exc}") from None
        self.invocations += 1
        self.last_ms = timeout_s * 1000  # until it answers: a timeout is billed in full
        answer = self._receive(timeout_s)
        self.last_ms = float(answer.get("duration_ms") or 0.0)
        self.last_cpu_ms = float(answer.get("cpu_ms") or 0.0)
        if "error" in answer:
            error = answer["error"]
            raise FunctionError(error["errorType"], error["errorMessage"], error["stackTrace"])
        return answer["result"]

    def _receive(self, timeout_s: float) -> dict[str, Any]:
        try:
            if not self._connection.poll(timeout_s):
                raise _Gone("Sandbox.Timedout", f"Task timed out after {timeout_s:.2f} seconds")
            answer: dict[str, Any] = json.loads(self._connection.recv_bytes())
        except (EOFError, OSError) as exc:
            raise _Gone("Runtime.ExitError", f"the process ended ({self._process.exitcode}): {exc!r}") from None
        return answer

    def stop(self) -> None:
        self._connection.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)


@dataclass
class EnvironmentPool:
    """The environments of one function: reuse an idle one, start one under the limit, else queue."""

    spec: EnvironmentSpec
    limit: int
    fleet: Fleet
    idle: list[Environment] = field(default_factory=list)
    busy: int = 0
    started: int = 0
    _ready: threading.Condition = field(default_factory=threading.Condition)

    @property
    def live(self) -> int:
        return len(self.idle) + self.busy

    def invoke(self, event: Any, request_id: str | None = None) -> Any:
        environment = self._acquire()
        keep, failed, cold = True, True, environment.invocations == 0
        try:
            result = environment.invoke(event, request_id or str(uuid.uuid4()))
            failed = False
            return result
        except _Gone as gone:
            keep = False
            log.warning("%s: environment %s discarded: %s", self.spec.logical_id, environment.id, gone)
            raise FunctionError(gone.error_type, str(gone)) from None
        finally:
            self._release(environment, keep)
            if self.fleet.meter is not None:
                self.fleet.meter.invocation(
                    self.spec.logical_id,
                    self.spec.memory_mb,
                    environment.last_ms,
                    init_ms=environment.init_ms if cold else 0.0,
                    cpu_ms=environment.last_cpu_ms,
                    error=failed,
                )

    def _acquire(self) -> Environment:
        if self.fleet.stopped:
            raise FunctionError("Runtime.Stopped", f"{self.spec.logical_id}: the local cloud has stopped")
        with self._ready:
            while not self.idle and self.live >= self.limit:
                self._ready.wait()
            if self.idle:
                self.busy += 1
                return self.idle.pop()  # the most recently used: warm caches, like Lambda's routing
            self.busy += 1  # the slot is taken while the new environment starts
        try:
            self.fleet.make_room()
            environment = Environment(self.spec)
        except BaseException:
            with self._ready:
                self.busy -= 1
                self._ready.notify()
            raise
        with self._ready:
            self.started += 1
        return environment

    def _release(self, environment: Environment, keep: bool) -> None:
        with self._ready:
            self.busy -= 1
            if keep and environment.alive:
                environment.idle_since = time.monotonic()
                self.idle.append(environment)
            else:
                keep = False
            self._ready.notify()
        if not keep:
            environment.stop()

    def reap(self, idle_before: float | None) -> int:
        """Stop the idle environments unused since ``idle_before`` (all idle ones when None)."""
        with self._ready:
            stale = [e for e in self.idle if idle_before is None or e.idle_since < idle_before]
            self.idle = [e for e in self.idle if e not in stale]
        for environment in stale:
            environment.stop()
        return len(stale)

    def oldest_idle(self) -> float | None:
        with self._ready:
            return min((e.idle_since for e in self.idle), default=None)

    def stop(self) -> None:
        self.reap(None)


@dataclass
class Fleet:
    """Every function's pool, and the limits across them: idle time and a soft cap on live environments."""

    default_limit: int = 4
    idle_seconds: float = 300.0
    max_environments: int = field(default_factory=environments_memory_holds)
    meter: Meter | None = None  # counts each invocation's billed duration (see :mod:`.metering`)
    pools: list[EnvironmentPool] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _reaper: threading.Thread | None = None

    def pool(self, spec: EnvironmentSpec, reserved: int | None) -> EnvironmentPool:
        limit = self.default_limit if reserved is None else max(1, min(reserved, self.default_limit))
        pool = EnvironmentPool(spec, limit, self)
        self.pools.append(pool)
        return pool

    @property
    def live(self) -> int:
        return sum(pool.live for pool in self.pools)

    def make_room(self) -> None:
        """Before a cold start at the cap: shut the environments idle longest (never a busy one)."""
        while self.live >= self.max_environments:
            candidates = [(p.oldest_idle(), p) for p in self.pools]
            idle = [(since, p) for since, p in candidates if since is not None]
            if not idle:
                return  # every environment is busy: a soft cap
            since, pool = min(idle, key=lambda pair: pair[0])
            pool.reap(since + 1e-9)

    def start(self) -> None:
        multiprocessing.set_forkserver_preload(list(PRELOAD))
        self._reaper = threading.Thread(target=self._reap_idle, name="localcloud-reaper", daemon=True)
        self._reaper.start()

    def _reap_idle(self) -> None:
        while not self._stop.wait(min(self.idle_seconds / 4, 30.0)):
            self.reap_idle(self.idle_seconds)

    def reap_idle(self, idle_seconds: float) -> int:
        """Shut every environment idle for longer than ``idle_seconds``; how many were shut."""
        cutoff = time.monotonic() - idle_seconds
        return sum(pool.reap(cutoff) for pool in self.pools)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        for pool in self.pools:
            pool.stop()
