"""Run moto in server mode inside this process and point every boto3 client at it."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("localcloud.server")

DEFAULT_REGION = "ap-southeast-1"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class Gate:
    """Lets moto's requests run side by side, and a snapshot run alone between them.

    Every request passes through (``enter``/``leave``); ``exclusive`` waits until none is in flight
    and holds new ones back meanwhile, so a snapshot sees no request half-applied. It gives up after
    ``timeout`` (it never holds the cloud up for long) and says so."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._holding = False  # a snapshot waits for, or holds, exclusivity
        self.requests = 0  # served so far (a snapshot is due only when it grew)

    def enter(self) -> None:
        with self._cond:
            while self._holding:
                self._cond.wait()
            self._active += 1
            self.requests += 1

    def leave(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    @contextmanager
    def exclusive(self, timeout: float) -> Iterator[bool]:
        deadline = time.monotonic() + timeout
        with self._cond:
            self._holding = True
            while self._active and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            alone = self._active == 0
            if not alone:
                self._holding = False
                self._cond.notify_all()
        try:
            yield alone
        finally:
            if alone:
                with self._cond:
                    self._holding = False
                    self._cond.notify_all()


class _GatedApp:
    """moto's WSGI application, each request (its whole answer) inside the gate."""

    def __init__(self, app: Callable[..., Iterable[bytes]], gate: Gate) -> None:
        self.app, self.gate = app, gate

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        self.gate.enter()
        try:
            return list(self.app(environ, start_response))
        finally:
            self.gate.leave()


@dataclass
class MotoServer:
    """moto's ``ThreadedMotoServer`` bound to 127.0.0.1, plus the process environment for it."""

    port: int = 0
    region: str = DEFAULT_REGION
    host: str = "127.0.0.1"
    _server: Any = field(default=None, repr=False)
    _saved_env: dict[str, str | None] = field(default_factory=dict, repr=False)
    gate: Gate = field(default_factory=Gate, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> MotoServer:
        from moto.server import ThreadedMotoServer

        from . import moto_patches

        moto_patches.install()
        werkzeug_log = logging.getLogger("werkzeug")
        if werkzeug_log.level == logging.NOTSET:  # one INFO line per AWS call is too chatty
            werkzeug_log.setLevel(logging.WARNING)
        self._server = ThreadedMotoServer(ip_address=self.host, port=self.port, verbose=False)
        self._server.start()
        wsgi = self._server._server  # werkzeug's server: every request goes through the gate
        wsgi.app = _GatedApp(wsgi.app, self.gate)
        # werkzeug writes an answer's headers and body apart: with Nagle's algorithm the body waits for the
        # client's delayed ACK of the headers (up to 40 ms on a kept-alive connection), as the gateway's would.
        wsgi.RequestHandlerClass.disable_nagle_algorithm = True
        self.port = int(self._server.get_host_and_port()[1])
        self._set_env()
        self.configure({"stepfunctions": {"execute_state_machine": True}})
        log.info("moto server listening on %s", self.endpoint)
        return self

    def _set_env(self) -> None:
        env = {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
            # botocore >= 1.35 would route DynamoDB(-Streams) calls to account-based endpoints.
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            # moto's Step Functions interpreter calls Lambda at http://localhost:$MOTO_PORT.
            "MOTO_PORT": str(self.port),
        }
        for key, value in env.items():
            self._saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def configure(self, config: dict[str, Any]) -> dict[str, Any]:
        """POST to ``/moto-api/config`` (e.g. to let Step Functions execute state machines)."""
        req = urllib.request.Request(
            f"{self.endpoint}/moto-api/config",
            data=json.dumps(config).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            result: dict[str, Any] = json.loads(resp.read() or b"{}")
            return result

    def reset(self) -> None:
        req = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(req, timeout=10):
            pass

    def stop(self, restore_env: bool = True) -> None:
        if self._server is not None:
            try:  # moto's backends are process-global: leave nothing behind for other code
                self.reset()
            except OSError:
                log.debug("moto reset failed", exc_info=True)
            self._server.stop()
            self._server = None
        if restore_env:
            for key, value in self._saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            self._saved_env.clear()
