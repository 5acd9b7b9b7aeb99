"""``PYTHONPATH=infra python -m myinvois_sim --port 8090 --data .localdata/myinvois``."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path

from .app import start


def main() -> None:
    parser = argparse.ArgumentParser(prog="myinvois_sim", description="Offline LHDN MyInvois API simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--data", type=Path, default=None, help="directory for the SQLite state (default: memory)")
    parser.add_argument("--portal", default=None, help="portal base URL of validation links")
    parser.add_argument("--validation-delay", type=float, default=0.2, help="seconds before background validation")
    parser.add_argument("--rate-multiplier", type=float, default=1.0, help="scale LHDN's limits (0 = no limits)")
    parser.add_argument(
        "--client", action="append", default=[], metavar="ID:SECRET:TIN", help="register a taxpayer client"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    clients = [tuple(c.split(":", 2)) for c in args.client]
    sim = start(
        args.port,
        args.data,
        host=args.host,
        portal_base=args.portal,
        validation_delay=args.validation_delay,
        rate_multiplier=args.rate_multiplier,
        clients=[c for c in clients if len(c) == 3],
    )
    print(f"MyInvois simulator on {sim.url} (identity and API), portal {sim.portal_base}", flush=True)
    print("Any client id 'sim-<TIN>' with secret 'sim-secret' logs in as that taxpayer.", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    sim.stop()


if __name__ == "__main__":
    main()
