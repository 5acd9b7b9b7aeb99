"""`make dev`: the whole product on http://127.0.0.1:$PORT — local cloud, API, console, demo company.

Starts the local runtime on template.yaml (moto in process, every function as declared), serves the
built console (console/dist) or a landing page, signs up a demo company and prints its login; a demo
company created now gets a month of sample data (``infra/demo_data.py``) in the background. Its
data is kept in `.localdata/` (saved when it stops, loaded when it starts): `--fresh` starts empty.

MyInvois is the local simulator (``infra/myinvois_sim``) on port $PORT + 10, its data kept beside the
product's; `--myinvois-url` (or ``MYINVOIS_API_URL``) points the product at another one instead. Shopee
and Lazada are the marketplace simulator (``infra/marketplace_sim``) on port $PORT + 11, pushing to the
product's webhooks; `--marketplace-url` points the product at another one.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "infra"))

DEMO = {
    "legal_name": "Kedai Contoh Sdn Bhd",
    "brn": "202301012345",
    "tin": "C2584563200",
    "sst_number": "W10-1808-32000104",
    "base_currency": "MYR",
    "fiscal_year_start_month": 1,
    "time_zone": "Asia/Kuala_Lumpur",
    "admin_name": "Demo Admin",
    "admin_email": "demo@ledgerlet.my",
    "admin_password": "Demo-Ledgerlet-2026",
}


def post(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def sign_up_demo(base_url: str) -> bool:
    """Sign the demo company up; True when it was created now (False: it was kept from an earlier run)."""
    status, body = post(f"{base_url}/v1/platform/signup", DEMO)
    if status not in (201, 202, 409):
        raise RuntimeError(f"demo sign-up failed: {status} {body}")
    return status != 409


def seed_demo(base_url: str) -> threading.Thread:
    """A month of sample data for the new demo company (``infra/demo_data.py``), in the background: the
    API answers meanwhile, and the data is there a few seconds after the login line."""
    import demo_data

    def run() -> None:
        started = time.perf_counter()
        try:
            requests = demo_data.seed(base_url, str(DEMO["admin_email"]), str(DEMO["admin_password"]))
        except Exception as error:  # the product keeps running; say what went wrong
            print(f"Demo data could not be seeded: {error}", flush=True)
            return
        took = time.perf_counter() - started
        print(
            f"Demo data: the last {demo_data.DAYS} days of sample documents ({requests} requests, {took:.1f}s)",
            flush=True,
        )

    thread = threading.Thread(target=run, name="demo-data", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--no-demo", action="store_true", help="do not create the demo company")
    parser.add_argument("--no-demo-data", action="store_true", help="create the demo company without its sample month")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("LEDGERLET_DATA", ROOT / ".localdata")),
        help="where the data is kept between runs (default .localdata/ in the checkout)",
    )
    parser.add_argument("--fresh", action="store_true", help="start empty (the kept data is deleted)")
    parser.add_argument("--in-memory", action="store_true", help="keep nothing between runs (tests)")
    parser.add_argument(
        "--myinvois-url",
        default=os.environ.get("MYINVOIS_API_URL") or None,
        help="a MyInvois to use (default: start the local simulator on port PORT + 10)",
    )
    parser.add_argument(
        "--marketplace-url",
        default=os.environ.get("MARKETPLACE_API_URL") or None,
        help="a Shopee and Lazada simulator to use (default: start the local one on port PORT + 11)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=int(os.environ.get("LOCALCLOUD_CONCURRENCY", "4")),
        help="execution environments per function at most (Lambda's concurrency); more requests queue",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"), format="%(levelname)s %(name)s: %(message)s")

    from localcloud import LocalCloud

    console = ROOT / "console" / "dist"
    static_dir = console if (console / "index.html").exists() else ROOT / "infra" / "landing"
    started = time.perf_counter()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    data_dir = None if args.in_memory else args.data_dir
    if data_dir is not None and args.fresh:
        from localcloud.persistence import SNAPSHOT

        (data_dir / SNAPSHOT).unlink(missing_ok=True)
    myinvois = None
    if args.myinvois_url is None:
        from myinvois_sim import start as start_myinvois

        myinvois = start_myinvois(port=_sim_port(args, data_dir, 10), data_dir=_sim_data(data_dir, "myinvois", args))
    myinvois_url = args.myinvois_url or (myinvois.url if myinvois else "")
    marketplace = None
    if args.marketplace_url is None:
        from marketplace_sim import start as start_marketplace

        marketplace = start_marketplace(
            port=_sim_port(args, data_dir, 11), data_dir=_sim_data(data_dir, "marketplace", args)
        )
    marketplace_url = args.marketplace_url or (marketplace.url if marketplace else "")
    with LocalCloud(
        ROOT / "template.yaml",
        port=args.port,
        static_dir=static_dir,
        concurrency=args.concurrency,
        data_dir=data_dir,
        parameter_overrides={"MyInvoisApiUrl": myinvois_url, **marketplace_parameters(marketplace_url)},
    ) as cloud:
        if marketplace is not None:
            marketplace.push_url = {
                platform: f"{cloud.url}/v1/webhooks/{platform}" for platform in ("shopee", "lazada")
            }
        print(f"Ledgerlet API ready at {cloud.url} in {time.perf_counter() - started:.1f}s", flush=True)
        if cloud.restored:
            print(f"Data from {data_dir} (start empty with --fresh)", flush=True)
        if not args.no_demo:
            created = sign_up_demo(cloud.url)
            print(f"Demo company ready: log in as {DEMO['admin_email']} / {DEMO['admin_password']}", flush=True)
            if created and not args.no_demo_data:
                seed_demo(cloud.url)
        print(f"Console: {cloud.url}/   API document: {cloud.url}/v1/openapi.json   Stop: Ctrl-C", flush=True)
        print(f"MyInvois: {myinvois_url}   Shopee and Lazada: {marketplace_url}", flush=True)
        stop.wait()
    for simulator in (myinvois, marketplace):
        if simulator is not None:
            simulator.stop()
    return 0


def marketplace_parameters(url: str) -> dict[str, str]:
    """The template's marketplace parameters for a simulator at ``url``: its apps' credentials and APIs."""
    from marketplace_sim import LAZADA_APP, SHOPEE_PARTNER

    apps = {
        "shopee": {"app_key": SHOPEE_PARTNER[0], "app_secret": SHOPEE_PARTNER[1]},
        "lazada": {"app_key": LAZADA_APP[0], "app_secret": LAZADA_APP[1]},
    }
    return {
        "MarketplaceAppCredentials": json.dumps(apps),
        "ShopeeApiUrl": url,
        "LazadaApiUrl": f"{url}/rest" if url else "",
    }


def _sim_port(args: argparse.Namespace, data_dir: Path | None, offset: int) -> int:
    """PORT + offset for a product that keeps its data (a person finds the simulator there), when that port is
    free; any free port otherwise (and in memory)."""
    if data_dir is None:
        return 0
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", args.port + offset))
        except OSError:
            return 0
    return args.port + offset


def _sim_data(data_dir: Path | None, name: str, args: argparse.Namespace) -> Path | None:
    """A simulator's folder beside the product's data (emptied with --fresh); None in memory."""
    if data_dir is None:
        return None
    if args.fresh:
        import shutil

        shutil.rmtree(data_dir / name, ignore_errors=True)
    return data_dir / name


if __name__ == "__main__":
    raise SystemExit(main())
