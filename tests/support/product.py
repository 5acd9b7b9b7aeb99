"""The product started as `make dev` starts it, in a subprocess, and an HTTP client for it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.events import ROOT

RUNNING_LOGS: set[Path] = set()
"""The logs of the products this process runs now (a failed test is shown what they gained meanwhile)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Product:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def running_product(
    timeout: float = 90,
    concurrency: int | None = None,
    data_dir: Path | None = None,
    myinvois_url: str | None = None,
    marketplace_url: str | None = None,
) -> Iterator[str]:
    """Start `infra/dev.py` (without the demo company) and yield its base URL once /health answers.

    ``concurrency``: execution environments per function (the product's default when None).
    ``data_dir``: where it keeps its data between runs; None keeps nothing.
    """
    with started_product(timeout, concurrency, data_dir, myinvois_url, marketplace_url) as product:
        yield product.url


@contextmanager
def started_product(
    timeout: float = 90,
    concurrency: int | None = None,
    data_dir: Path | None = None,
    myinvois_url: str | None = None,
    marketplace_url: str | None = None,
) -> Iterator[Product]:
    """As :func:`running_product`, with its process (a test may kill it)."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "LOG_LEVEL": "WARNING"}
    log = open(ROOT / "artifacts" / f"product-{port}.log", "w")  # noqa: SIM115
    RUNNING_LOGS.add(Path(log.name))
    command = [sys.executable, str(ROOT / "infra" / "dev.py"), "--no-demo"]
    command += ["--data-dir", str(data_dir)] if data_dir else ["--in-memory"]
    if concurrency is not None:
        command += ["--concurrency", str(concurrency)]
    if myinvois_url is not None:  # the test's own simulator (it can inspect it and move its clock)
        command += ["--myinvois-url", myinvois_url]
    if marketplace_url is not None:  # the test's own marketplace simulator (it pushes, and can be inspected)
        command += ["--marketplace-url", marketplace_url]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the product exited with {process.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"no /health within {timeout}s")
            time.sleep(0.2)
        yield Product(url, process)
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        RUNNING_LOGS.discard(Path(log.name))


@contextmanager
def local_product(**parameters: str) -> Iterator[Any]:
    """The product's template in a local cloud in this process (its moto reachable from the test),
    with template parameters overridden; the layer's cached settings and clients follow it."""
    from ledgerlet.hub.aws import reset_clients
    from ledgerlet.settings import settings
    from localcloud import LocalCloud

    def fresh() -> None:
        settings.cache_clear()
        reset_clients()

    fresh()
    with LocalCloud(ROOT / "template.yaml", port=0, schedules=False, parameter_overrides=parameters) as cloud:
        fresh()
        yield cloud
    fresh()


def tenant_of(client: Client) -> str:
    """The tenant id the client's token carries."""
    import base64

    payload = client.token.split(".")[1] if client.token else ""
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["custom:tenant_id"])


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Client:
    base_url: str
    token: str | None = None
    email: str | None = None  # whose token it is, when known

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base_url + path, data=data, headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                raw = answer.read()
                return Answer(answer.status, json.loads(raw) if raw else None, dict(answer.headers))
        except urllib.error.HTTPError as error:
            raw = error.read()
            return Answer(error.code, json.loads(raw) if raw else None, dict(error.headers))

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
        return self.request("POST", path, {} if body is None else body, headers)

    def patch(self, path: str, body: Any) -> Answer:
        return self.request("PATCH", path, body)

    def list_all(self, path: str) -> list[dict[str, Any]]:
        """Every item of a list endpoint, following cursors (all statuses)."""
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            separator = "&" if "?" in path else "?"
            answer = self.get(f"{path}{separator}limit=200&status=all{cursor}")
            assert answer.status == 200, answer.body
            items += answer.body["items"]
            if not answer.body.get("next_cursor"):
                return items
            cursor = f"&cursor={answer.body['next_cursor']}"


ADMIN_PASSWORD = "Sekolah-Rendah-2026"  # every company `sign_up` makes has its admin log in with it


def sign_up(base_url: str, company: str) -> Client:
    """A new company with its admin, logged in."""
    email = f"admin+{uuid.uuid4().hex[:10]}@{company.lower().replace(' ', '')}.com.my"
    password = ADMIN_PASSWORD
    signup = Client(base_url).post(
        "/v1/platform/signup",
        {
            "legal_name": f"{company} Sdn Bhd",
            "brn": "202301012345",
            "tin": "C2584563200",
            "admin_email": email,
            "admin_password": password,
            "admin_name": f"{company} Admin",
        },
    )
    assert signup.status in (201, 202), signup.body  # 202: onboarding still running (a loaded machine)
    login = Client(base_url).post("/v1/platform/login", {"email": email, "password": password})
    assert login.status == 200, login.body
    client = Client(base_url, login.body["id_token"], email)
    deadline = time.monotonic() + 60
    while signup.status == 202 and client.get("/v1/platform/me").body["tenant"]["status"] == "provisioning":
        assert time.monotonic() < deadline, "the company was still being set up after 60 s"
        time.sleep(0.5)
    return client
