"""The product's templates as the local runtime reads them: the root and every nested stack."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from localcloud.provision import NESTED_STACK_TYPES
from localcloud.template import Template, load_template

ROOT = Path(__file__).resolve().parents[2]


@cache
def stacks(root: Path = ROOT / "template.yaml") -> dict[str, Template]:
    """Every stack's template by its path relative to the repository, the root first."""
    found = {str(root.relative_to(ROOT)): load_template(root)}
    for resource in found[str(root.relative_to(ROOT))].resources.values():
        if resource.get("Type") in NESTED_STACK_TYPES:
            found.update(stacks((root.parent / resource["Properties"]["Location"]).resolve()))
    return found


def nested_stacks() -> dict[str, Template]:
    return {path: template for path, template in stacks().items() if path != "template.yaml"}


def of_type(template: Template, rtype: str) -> dict[str, dict[str, Any]]:
    return {lid: r.get("Properties") or {} for lid, r in template.resources.items() if r.get("Type") == rtype}


def functions() -> dict[str, dict[str, Any]]:
    """Every function of every stack by logical id (unique across stacks)."""
    found: dict[str, dict[str, Any]] = {}
    for template in stacks().values():
        for lid, props in of_type(template, "AWS::Serverless::Function").items():
            assert lid not in found, f"{lid} is declared by two stacks"
            found[lid] = props
    return found
