"""``LocalCloud``: moto + provisioned template + gateway + streams + schedules, in one process."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from .environments import Fleet
from .functions import FunctionRegistry
from .gateway import Gateway
from .heap import HeapKeeper
from .metering import Meter
from .provision import Stack, provision
from .queues import QueueRunner
from .queues import mappings_from_template as queue_mappings
from .schedules import Scheduler, schedules_from_template
from .server import DEFAULT_REGION, MotoServer
from .streams import StreamRunner, mappings_from_template
from .template import load_template

log = logging.getLogger("localcloud")


class LocalCloud:
    """Run a SAM template locally.

    >>> with LocalCloud("template.yaml", port=8080) as cloud:
    ...     requests.get(f"{cloud.url}/health")
    """

    def __init__(
        self,
        template_path: str | Path,
        port: int = 0,
        static_dir: str | Path | None = None,
        *,
        host: str = "127.0.0.1",
        region: str = DEFAULT_REGION,
        stack_name: str = "local",
        parameter_overrides: Mapping[str, Any] | None = None,
        moto_port: int = 0,
        streams: bool = True,
        schedules: bool = True,
        schedule_time_scale: float = 1.0,
        concurrency: int = 4,
        idle_seconds: float = 300.0,
        max_environments: int | None = None,
        data_dir: str | Path | None = None,
    ) -> None:
        """``concurrency``: execution environments per function at most (a function's
        ``ReservedConcurrentExecutions`` may lower it); invocations beyond it queue. Environments idle
        for ``idle_seconds`` are shut down; past ``max_environments`` in all (None: as many as a quarter of
        the memory available holds, 16 to 128), the longest idle go first.
        ``data_dir``: where the state is kept between runs (loaded at start, saved at stop; see
        :mod:`localcloud.persistence`); None keeps it in memory only."""
        self.template_path = Path(template_path)
        self.port = port
        self.host = host
        self.static_dir = static_dir
        self.region = region
        self.stack_name = stack_name
        self.parameter_overrides = dict(parameter_overrides or {})
        self.moto = MotoServer(port=moto_port, region=region)
        self.enable_streams = streams
        self.enable_schedules = schedules
        self.schedule_time_scale = schedule_time_scale
        self.stack: Stack | None = None
        self.functions: FunctionRegistry | None = None
        self.gateway: Gateway | None = None
        self.streams: StreamRunner | None = None
        self.queues: QueueRunner | None = None
        self.scheduler: Scheduler | None = None
        self.meter = Meter()  # what it served, in the units AWS bills (:mod:`localcloud.metering`)
        self.fleet = Fleet(default_limit=concurrency, idle_seconds=idle_seconds, meter=self.meter)
        if max_environments is not None:
            self.fleet.max_environments = max_environments
        self.environment: dict[str, str] = {}
        self._saved_env: dict[str, str | None] = {}
        self.data_dir = Path(data_dir) if data_dir else None
        self.restored = False  # whether the state was loaded from data_dir
        self.snapshots: Any = None
        self.heap: HeapKeeper | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> LocalCloud:
        started = time.perf_counter()
        template = load_template(self.template_path)
        self.moto.start()
        try:
            from . import metering, persistence

            metering.install(self.meter)
            saved = persistence.load(self.data_dir) if self.data_dir else None
            self.restored = saved is not None
            self.stack = provision(template, self.region, self.stack_name, self.parameter_overrides)
            self.functions = FunctionRegistry(self.stack)
            self.functions.start(self.fleet)
            self.fleet.start()
            self._saved_env = {key: os.environ.get(key) for key in self.functions.environment_union()}
            self.environment = self.functions.apply_environment()
            from . import stepfunctions

            stepfunctions.install(self.functions)
            self.streams = StreamRunner(
                mappings_from_template(self.stack, self.functions) if self.enable_streams else [],
                self.region,
                self.stack.account_id,
                positions=(saved or {}).get("streams"),
            )
            self.streams.start()
            self.queues = QueueRunner(
                queue_mappings(self.stack, self.functions) if self.enable_streams else [], self.region
            )
            self.queues.start()
            self.scheduler = Scheduler(
                schedules_from_template(self.stack, self.functions),
                self.region,
                self.stack.account_id,
                time_scale=self.schedule_time_scale,
                enabled=self.enable_schedules,
            )
            self.scheduler.start()
            self.gateway = Gateway(
                self.stack,
                self.functions,
                self.moto.endpoint,
                host=self.host,
                port=self.port,
                static_dir=self.static_dir,
                meter=self.meter,
                fire_schedule=self.scheduler.fire,
            )
            self.gateway.start()
            self.gateway.ready.set()
            self.heap = HeapKeeper()
            self.heap.start()
            if self.data_dir is not None:
                self.snapshots = persistence.Snapshotter(self.data_dir, self.moto.gate, self._runtime_state)
                self.snapshots.start()
        except BaseException:
            self.stop()
            raise
        log.info(
            "localcloud up in %.2fs: API %s, moto %s, %d functions, %d routes, %d stream mappings",
            time.perf_counter() - started,
            self.url,
            self.moto.endpoint,
            len(self.functions.functions),
            len(self.gateway.routes),
            len(self.streams.pollers),
        )
        return self

    def _runtime_state(self) -> dict[str, Any]:
        return {"streams": self.streams.positions() if self.streams else {}}

    def stop(self) -> None:
        if self.heap is not None:
            self.heap.stop()
        if self.snapshots is not None:
            self.snapshots.stop()
        if self.gateway is not None:
            self.gateway.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.streams is not None:
            self.streams.stop()
        if self.queues is not None:
            self.queues.stop()
        self.fleet.stop()
        from . import metering, stepfunctions

        stepfunctions.uninstall()
        metering.uninstall(self.meter)
        if self.data_dir is not None and self.stack is not None and self.streams is not None:
            from . import persistence

            persistence.save(self.data_dir, self._runtime_state())  # nothing is writing now
        self.moto.stop()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}

    def __enter__(self) -> LocalCloud:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- conveniences ------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self.gateway is not None, "call start() first"
        return self.gateway.url

    @property
    def endpoint(self) -> str:
        """moto's endpoint (also in ``AWS_ENDPOINT_URL``)."""
        return self.moto.endpoint

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until every DynamoDB stream and SQS mapping has delivered everything written so far
        (and what that delivery wrote in turn: rounds repeat until one passes with no activity)."""
        assert self.streams is not None and self.queues is not None
        deadline = time.monotonic() + timeout
        while True:
            before = (self.streams.activity, self.queues.activity)
            self.streams.drain(max(0.1, deadline - time.monotonic()))
            self.queues.drain(max(0.1, deadline - time.monotonic()))
            if (self.streams.activity, self.queues.activity) == before:
                return

    def fire(self, key: str) -> Any:
        """Run a scheduled function now (``"Fn"``, ``"Fn.EventName"`` or an Events rule id)."""
        assert self.scheduler is not None
        return self.scheduler.fire(key)

    def run_state_machine(
        self, logical_id_or_arn: str, execution_input: Any = None, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Start an execution (unique name) and wait for it; returns describe_execution + outputJson."""
        from .stepfunctions import run_execution

        assert self.stack is not None
        arn = (
            logical_id_or_arn
            if logical_id_or_arn.startswith("arn:")
            else self.stack.find_stack(logical_id_or_arn).state_machine_arn(logical_id_or_arn)
        )
        return run_execution(arn, execution_input, timeout=timeout, name_prefix=self.stack_name)

    def invoke(self, logical_id: str, event: Any) -> Any:
        assert self.functions is not None
        return self.functions.find(logical_id).invoke(event)
