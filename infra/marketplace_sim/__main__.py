"""``.venv/bin/python -m infra.marketplace_sim --port 8091 --data .localdata/marketplace``
(or ``PYTHONPATH=infra python -m marketplace_sim``)."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path

from .app import PLATFORMS, start


def main() -> None:
    parser = argparse.ArgumentParser(prog="marketplace_sim", description="Offline Shopee and Lazada API simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--data", type=Path, default=None, help="directory for the SQLite state (default: memory)")
    parser.add_argument(
        "--push-url", action="append", default=[], metavar="PLATFORM=URL", help="where a platform's pushes go"
    )
    parser.add_argument("--token-ttl", type=int, default=None, help="access token lifetime in seconds (all platforms)")
    parser.add_argument(
        "--rate-limit", action="append", default=[], metavar="PLATFORM=N", help="requests per second per shop (0: none)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    push_url = dict(_pair(value) for value in args.push_url)
    limits = {platform: int(n) or None for platform, n in (_pair(value) for value in args.rate_limit)}
    sim = start(args.port, args.data, host=args.host, push_url=push_url, token_ttl=args.token_ttl, rate_limits=limits)
    print(f"Marketplace simulator: Shopee {sim.url}, Lazada {sim.url}/rest, seller center {sim.url}/_sim/", flush=True)
    for platform in PLATFORMS:
        key, secret = sim.apps[platform]
        print(f"  {platform}: app {key} / {secret}; pushes to {sim.push_url.get(platform) or '(nowhere)'}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    sim.stop()


def _pair(value: str) -> tuple[str, str]:
    platform, _, rest = value.partition("=")
    if platform not in PLATFORMS or not rest:
        raise SystemExit(f"expected PLATFORM=VALUE with PLATFORM one of {', '.join(PLATFORMS)}: {value!r}")
    return platform, rest


if __name__ == "__main__":
    main()
