"""Lint the state machine definitions with statelint, after DefinitionSubstitutions.

statelint refuses ``${Name}`` placeholders in ``Resource`` (not a URI), so each placeholder is
replaced by a placeholder Lambda ARN first, as CloudFormation would with the real ones.

    .venv/bin/python infra/tools/lint_statemachines.py [statemachines/*.asl.json]
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def substitute(text: str) -> str:
    def arn(match: re.Match[str]) -> str:
        name = re.sub(r"(FunctionArn|Arn)$", "", match.group(1))
        return f"arn:aws:lambda:ap-southeast-1:123456789012:function:{name}"

    return PLACEHOLDER.sub(arn, text)


def lint(path: Path) -> int:
    statelint = Path(sys.executable).with_name("statelint")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / path.name
        target.write_text(substitute(path.read_text()))
        answer = subprocess.run([str(statelint), str(target)], capture_output=True, text=True, check=False)
    report = (answer.stdout + answer.stderr).strip()
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown}: {'ok' if answer.returncode == 0 else report}")
    return answer.returncode


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "statemachines").glob("*.asl.json"))
    return max((lint(path) for path in paths), default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
