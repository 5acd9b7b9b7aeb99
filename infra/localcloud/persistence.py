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


def save(folder: Path, runtime: dict[str, Any]) -> Path:
    """Write moto's backends and ``runtime`` (the runtime's own state) to ``folder``; the file."""
    from moto.backends import get_backend

    folder.mkdir(parents=True, exist_ok=True)
    state = {"backends": {service: get_backend(service) for service in SERVICES}, "runtime": runtime}  # type: ignore[call-overload]
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    target = folder / SNAPSHOT
    temporary = target.with_suffix(".tmp")
    with temporary.open("wb") as file:
        file.write(buffer.getvalue())
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, target)
    log.info("saved the local cloud's state to %s (%d kB)", target, len(buffer.getvalue()) // 1024)
    return target


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
    log.info("loaded the local cloud's state from %s", target)
    return dict(state.get("runtime") or {})
