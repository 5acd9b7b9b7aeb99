"""How many CloudFormation resources each stack has once the SAM transform has run.

CloudFormation refuses a stack of more than 500 resources; Ledgerlet keeps every stack at or below
300 (tests/unit/test_stack_sizes.py), leaving room for the applets still to come. The transform is
the one `sam deploy` runs (aws-sam-translator). It pins an older pydantic than the product's, so it runs
in an environment of its own:

    .tools/bin/uv run --no-project --with aws-sam-translator==1.115.0 --with pyyaml==6.0.3 \
        python infra/tools/stack_resources.py [--json]
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))

LIMIT = 300
NESTED_STACK_TYPES = ("AWS::Serverless::Application", "AWS::CloudFormation::Stack")


class _NoManagedPolicies:
    """The transform looks up AWS managed policies by name only when a function names one."""

    def load(self) -> dict[str, str]:
        return {}


PACKAGED = {"CodeUri", "DefinitionUri", "ContentUri", "Location"}
"""Properties `sam package` turns from a local path into an S3 location before the transform runs."""


def transformed(template_path: Path) -> dict[str, Any]:
    """The template as CloudFormation receives it from `sam package` and `sam deploy`."""
    from samtranslator.translator.transform import transform

    from localcloud.template import load_yaml

    template = load_yaml(template_path.read_text(encoding="utf-8"))
    for logical_id, resource in (template.get("Resources") or {}).items():
        props = resource.get("Properties") or {}
        for key in PACKAGED & set(props):
            if isinstance(props[key], str) and not props[key].startswith(("s3://", "http")):
                props[key] = f"s3://ledgerlet-artifacts/{logical_id}/{key}"
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-southeast-1")  # the transform's ARNs need a region
    return dict(transform(template, {}, _NoManagedPolicies()))


def stack_templates(root: Path = ROOT / "template.yaml") -> list[Path]:
    """The root template and every nested stack template it names (local files), depth first."""
    from localcloud.template import load_template

    found = [root]
    for resource in load_template(root).resources.values():
        if resource.get("Type") in NESTED_STACK_TYPES:
            props = resource.get("Properties") or {}
            location = props.get("Location") or props.get("TemplateURL")
            if isinstance(location, str) and not location.startswith(("http", "s3:")):
                found += stack_templates((root.parent / location).resolve())
    return found


def counts(template_path: Path) -> Counter[str]:
    return Counter(str(r["Type"]) for r in transformed(template_path)["Resources"].values())


def main() -> None:
    if "--json" in sys.argv:
        print(json.dumps({str(path.relative_to(ROOT)): counts(path) for path in stack_templates()}))
        return
    for path in stack_templates():
        by_type = counts(path)
        total = sum(by_type.values())
        print(f"{path.relative_to(ROOT)}: {total} resources (limit {LIMIT}, CloudFormation's 500)")
        for rtype, n in by_type.most_common(6):
            print(f"  {n:4d} {rtype}")


if __name__ == "__main__":
    main()
