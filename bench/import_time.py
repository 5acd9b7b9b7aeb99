"""Cold-import time of every function of every stack beside `import boto3` + one DynamoDB client.

Each figure is the best of several fresh interpreters (what a Lambda cold start pays before the first
request). The goal: no handler costs more than 1.3x the boto3 baseline. Run: `make bench`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "infra"))
sys.path.insert(0, str(ROOT))

PROBE = """
import sys, time
sys.path[:0] = {paths!r}
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
"""
BASELINE = "import boto3\nboto3.client('dynamodb')"
ENV = {
    "AWS_DEFAULT_REGION": "ap-southeast-1",
    "AWS_REGION": "ap-southeast-1",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "POWERTOOLS_SERVICE_NAME": "ledgerlet",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "PYTHONDONTWRITEBYTECODE": "",
}


def best_of(body: str, paths: list[str], runs: int) -> float:
    code = PROBE.format(paths=paths, body=body)
    env = {**os.environ, **ENV}
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return min(times)


def handlers() -> list[tuple[str, Path, str]]:
    """Every function of the root stack and of each nested stack (infra/stacks/)."""
    from infra.tools.stack_resources import stack_templates
    from localcloud.template import load_template

    found = []
    for path in stack_templates():
        for logical_id, resource in load_template(path).resources.items():
            if resource.get("Type") != "AWS::Serverless::Function":
                continue
            props = resource["Properties"]
            module, _, _attr = props["Handler"].rpartition(".")
            found.append((logical_id, (path.parent / props["CodeUri"]).resolve(), module))
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="substring of the functions to measure")
    args = parser.parse_args()

    baseline = best_of(BASELINE, [], args.runs)
    print(f"{'baseline: import boto3 + dynamodb client':58} {baseline * 1000:8.1f} ms")
    worst = ("", 0.0)
    for logical_id, code_dir, module in handlers():
        if args.only and args.only not in logical_id:
            continue
        seconds = best_of(f"import {module}", [str(code_dir), str(ROOT / "shared")], args.runs)
        ratio = seconds / baseline
        worst = max(worst, (logical_id, ratio), key=lambda pair: pair[1])
        print(f"{logical_id:58} {seconds * 1000:8.1f} ms  x{ratio:.2f}")
    print(f"worst ratio: {worst[1]:.2f} ({worst[0]}); goal <= 1.30")


if __name__ == "__main__":
    main()
