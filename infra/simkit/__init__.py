"""What the local simulators of outside services (MyInvois, the marketplaces) share: a threaded
werkzeug server that logs nothing unless asked, a clock tests move forward, and sliding-window
request counts for rate limits."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

log = logging.getLogger("simkit")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if log.isEnabledFor(logging.DEBUG):
            super().log_request(code, size)


class HttpServer:
    """A WSGI application served on its own thread, one thread per request; ``url`` once bound."""

    def __init__(self, wsgi: Callable[..., Any], host: str, port: int, name: str) -> None:
        self._server = make_server(host, port, wsgi, threaded=True, request_handler=_QuietHandler)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class Clock:
    """Wall clock plus an offset that tests move forward with :meth:`advance`."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.offset += seconds


class SlidingWindows:
    """Requests per key over the last ``window`` seconds of real (monotonic) time, which
    :meth:`Clock.advance` does not move."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._hits: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, key: Hashable, limit: int) -> float | None:
        """None when one more request fits under ``limit`` (and counts it), else the seconds until one would."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= limit:
                return hits[0] + self.window - now
            hits.append(now)
            return None
