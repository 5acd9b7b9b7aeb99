"""Every stack, after the SAM transform `sam deploy` runs, stays at or below 300 resources
(CloudFormation refuses more than 500; the rest is room for the applets to come).

The transform (aws-sam-translator) pins an older pydantic than the product's, so the tool runs in
an environment of its own, made by uv from the registry and cached.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from infra.tools.stack_resources import LIMIT

ROOT = Path(__file__).resolve().parents[2]
TRANSFORM = ["--with", "aws-sam-translator==1.115.0", "--with", "pyyaml==6.0.3"]


def test_every_stack_stays_within_its_resource_budget() -> None:
    uv = ROOT / ".tools" / "bin" / "uv"
    command = [str(uv) if uv.exists() else (shutil.which("uv") or "uv"), "run", "--no-project", *TRANSFORM]
    command += ["python", str(ROOT / "infra" / "tools" / "stack_resources.py"), "--json"]
    run = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    stacks: dict[str, dict[str, int]] = json.loads(run.stdout.strip().splitlines()[-1])
    assert "template.yaml" in stacks
    for template, by_type in stacks.items():
        total = sum(by_type.values())
        assert total <= LIMIT, f"{template}: {total} resources after the SAM transform: {by_type}"
        # the transform ran: SAM functions became Lambda functions, with their event permissions
        assert by_type["AWS::Lambda::Function"] > 0 and "AWS::Serverless::Function" not in by_type
