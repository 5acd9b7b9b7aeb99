"""``python -m localcloud`` starts and serves /health; static files with SPA fallback.

How fast it starts is `bench/startup.py`'s to print; here a minute only guards against a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from localcloud.server import free_port

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_TEMPLATE = Path(__file__).resolve().parent / "fixture" / "template.yaml"


def test_cli_starts_and_serves_health() -> None:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT / "infra")}
    for key in ("AWS_ENDPOINT_URL", "MOTO_PORT"):
        env.pop(key, None)
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "localcloud",
            "--template",
            str(FIXTURE_TEMPLATE),
            "--no-schedules",
            "--log-level",
            "WARNING",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        while True:
            try:
                resp = requests.get(f"http://127.0.0.1:{port}/health", timeout=1)
                if resp.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() - started < 60, "no /health within a minute"
            time.sleep(0.05)
        assert resp.json() == {"status": "ok"}
        assert requests.get(f"http://127.0.0.1:{port}/public/cli", timeout=5).json()["name"] == "cli"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


def test_static_files_with_spa_fallback(cloud: Any, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html>app</html>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    gateway = cloud.gateway
    gateway.static_dir = tmp_path.resolve()
    try:
        js = requests.get(f"{cloud.url}/assets/app.js", timeout=5)
        assert js.status_code == 200 and "javascript" in js.headers["Content-Type"]
        page = requests.get(f"{cloud.url}/customers/42/edit", timeout=5)  # client-side route
        assert page.status_code == 200 and page.text == "<html>app</html>"
        assert requests.get(f"{cloud.url}/assets/missing.js", timeout=5).status_code == 404
        assert requests.get(f"{cloud.url}/public", timeout=5).status_code == 404  # API namespace
        assert gateway._static("/../../etc/passwd") is None  # no escaping the folder
    finally:
        gateway.static_dir = None
