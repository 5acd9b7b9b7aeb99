"""``python -m localcloud --template template.yaml --port 8080`` (with infra/ on sys.path)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="localcloud", description="Run a SAM template locally on moto.")
    parser.add_argument("--template", default="template.yaml")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--region", default=os.environ.get("LOCALCLOUD_REGION", "ap-southeast-1"))
    parser.add_argument("--stack-name", default="local")
    parser.add_argument("--static-dir", default=None, help="serve this folder for non-API GET paths")
    parser.add_argument("--moto-port", type=int, default=0)
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="template parameter override (repeatable)",
    )
    parser.add_argument("--no-schedules", action="store_true", help="do not run schedules on timers")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=int(os.environ.get("LOCALCLOUD_CONCURRENCY", "4")),
        help="execution environments per function at most; further invocations queue (default 4)",
    )
    parser.add_argument("--log-level", default=os.environ.get("LOCALCLOUD_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    if os.environ.get("PORT"):  # PORT wins over --port (hosting conventions)
        args.port = int(os.environ["PORT"])

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    overrides = dict(p.split("=", 1) for p in args.parameter)

    from .runtime import LocalCloud

    cloud = LocalCloud(
        args.template,
        port=args.port,
        static_dir=args.static_dir,
        host=args.host,
        region=args.region,
        stack_name=args.stack_name,
        parameter_overrides=overrides,
        moto_port=args.moto_port,
        schedules=not args.no_schedules,
        concurrency=args.concurrency,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with cloud:
        print(f"localcloud: API on {cloud.url}  (moto at {cloud.endpoint})", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
