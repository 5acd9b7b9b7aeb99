"""The local cloud's state on disk: moto's backends and the runtime's own positions, pickled.

Pickling moto's backends is how moto's maintainers persist its server state. The snapshot is taken
when the cloud stops, after the gateway, schedules, stream and queue pollers and every execution
environment have stopped (nothing is writing), and loaded when it starts, before the template is
provisioned: provisioning then finds its tables, queues, topics, user pools and state machines and
keeps them. A snapshot is written to a temporary file, flushed to disk and renamed over the last one,
so a crash while saving leaves the previous snapshot whole.

What moto keeps but cannot pickle as is (locks, RSA keys) is rebuilt on load.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger("localcloud.persistence")

SERVICES = (
    "dynamodb",
    "dynamodbstreams",
    "sqs",
    "sns",
    "cognito-idp",
    "stepfunctions",
    "secretsmanager",
    "s3",
    "events",
    "iam",
    "sts",
)
SNAPSHOT = "localcloud.pickle"
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


def _private_key(pem: bytes) -> Any:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key(pem, password=None)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, _LOCK_TYPES):
            return _lock_factory, (isinstance(obj, type(threading.RLock())),)
        if isinstance(obj, threading.Condition):
            return threading.Condition, ()
        if isinstance(obj, threading.Event):
            return threading.Event, ()
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

        if isinstance(obj, RSAPrivateKey):
            from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

            pem = obj.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
            return _private_key, (pem,)
        return NotImplemented


def _lock_factory(reentrant: bool) -> Any:
    return threading.RLock() if reentrant else threading.Lock()


def snapshot(runtime: dict[str, Any]) -> bytes:
    """moto's backends and ``runtime`` (the runtime's own state), pickled: take it while nothing writes."""
    from moto.backends import get_backend

    state = {"backends": {service: get_backend(service) for service in SERVICES}, "runtime": runtime}  # type: ignore[call-overload]
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    return buffer.getvalue()


def write(folder: Path, data: bytes) -> Path:
    """Put a snapshot on disk: a temporary file, flushed, renamed over the last one."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / SNAPSHOT
    temporary = target.with_suffix(".tmp")
    with temporary.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, target)
    log.debug("saved the local cloud's state to %s (%d kB)", target, len(data) // 1024)
    return target


def save(folder: Path, runtime: dict[str, Any]) -> Path:
    return write(folder, snapshot(runtime))


class Snapshotter(threading.Thread):
    """Every ``interval`` seconds in which moto served a request: a snapshot, taken between requests
    (the gate holds new ones back for the moment it takes), written to disk. A crash loses at most
    the writes of the last interval; what it keeps is whole: each request is in it or not, and the
    product's own invariants hold after any request (its writes are transactions, or idempotent
    steps a retry completes: the posting kill tests)."""

    def __init__(self, folder: Path, gate: Any, runtime: Any, interval: float = 1.0) -> None:
        super().__init__(name="localcloud-snapshots", daemon=True)
        self.folder, self.gate, self.runtime, self.interval = folder, gate, runtime, interval
        self._stop_evt = threading.Event()
        self.saved = 0

    def stop(self) -> None:
        self._stop_evt.set()
        self.join(10)

    def run(self) -> None:
        seen = self.gate.requests
        while not self._stop_evt.wait(self.interval):
            if self.gate.requests == seen:
                continue
            with self.gate.exclusive(timeout=2.0) as alone:
                if not alone:
                    continue
                seen = self.gate.requests
                try:
                    data = snapshot(self.runtime())
                except (RuntimeError, pickle.PicklingError):  # something moved outside moto's requests
                    log.debug("snapshot skipped", exc_info=True)
                    continue
            write(self.folder, data)
            self.saved += 1


def load(folder: Path) -> dict[str, Any] | None:
    """Put the saved backends back into moto (before provisioning); the runtime's saved state, or None."""
    from moto.backends import get_backend

    target = folder / SNAPSHOT
    if not target.exists():
        return None
    with target.open("rb") as file:
        state = pickle.load(file)  # our own snapshot, in the user's own checkout
    for service, saved in state["backends"].items():
        live = get_backend(service)
        live.clear()
        live.update(saved)
    _release_in_flight_messages()
    log.info("loaded the local cloud's state from %s", target)
    return dict(state.get("runtime") or {})


def _release_in_flight_messages() -> None:
    """Messages a consumer had received when the cloud stopped are visible again at once: that
    consumer is gone, and the runtime's pollers start afresh (AWS would wait for the visibility
    timeout, up to twelve minutes for the ledger's queue)."""
    from moto.backends import get_backend

    for regions in get_backend("sqs").values():
        for backend in regions.values():
            for queue in backend.queues.values():
                for message in queue._messages:
                    message.visible_at = 0.0
                queue._pending_messages.clear()
