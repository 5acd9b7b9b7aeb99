"""Time from `make dev`'s start command to a ready product (GET /health answers 200), and to a usable
demo company (its admin can log in). Goal: ready within 30 s once installed. Run: `make bench`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.product import free_port  # noqa: E402


def wait_for(check: object, deadline: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        try:
            if check():  # type: ignore[operator]
                return time.perf_counter() - started
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.05)
    raise TimeoutError


def main() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "infra" / "dev.py")],
        env={**os.environ, "PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = started + 120

        def healthy() -> bool:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                return bool(answer.status == 200)

        def demo_logs_in() -> bool:
            body = json.dumps({"email": "demo@ledgerlet.my", "password": "Demo-Ledgerlet-2026"}).encode()
            request = urllib.request.Request(
                f"{url}/v1/platform/login", body, {"Content-Type": "application/json"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    return bool(answer.status == 200)
            except urllib.error.HTTPError:
                return False

        wait_for(healthy, deadline)
        ready = time.perf_counter() - started
        wait_for(demo_logs_in, deadline)
        demo = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=15)
    print(f"start command -> GET /health 200:  {ready:6.2f} s  (goal <= 30 s)")
    print(f"start command -> demo login works: {demo:6.2f} s")


if __name__ == "__main__":
    main()
