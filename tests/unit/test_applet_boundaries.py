"""Applets use each other only through their published contracts (``ledgerlet.<domain>.contract``).

A second rule keeps the API framework, the hub and the document-kind framework free of any domain.
The rules are import-linter's contracts in pyproject.toml; this runs it on the layer, and on a copy of the
layer with one applet reaching into another's internals, where it must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(layer: Path) -> subprocess.CompletedProcess[str]:
    command = [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(layer)}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=layer, check=False, timeout=120)


def test_applet_domains_depend_on_each_other_only_through_contracts() -> None:
    run = _lint(ROOT / "shared")
    assert run.returncode == 0, run.stdout[-3000:]
    assert "2 kept, 0 broken" in run.stdout


def test_an_applet_reaching_into_another_breaks_the_rule(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "shared" / "ledgerlet", tmp_path / "ledgerlet", ignore=shutil.ignore_patterns("*.json"))
    (tmp_path / "ledgerlet" / "finance" / "peek.py").write_text(
        "from ledgerlet.masterdata.accounts import ACCOUNTS  # another applet's internals\n"
    )
    run = _lint(tmp_path)
    assert run.returncode != 0
    assert "ledgerlet.finance is not allowed to import ledgerlet.masterdata" in run.stdout
    assert "ledgerlet.finance.peek -> ledgerlet.masterdata.accounts" in run.stdout


def test_the_api_framework_reaching_into_an_applet_breaks_the_rule(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "shared" / "ledgerlet", tmp_path / "ledgerlet", ignore=shutil.ignore_patterns("*.json"))
    (tmp_path / "ledgerlet" / "api" / "peek.py").write_text("from ledgerlet.ledger.reports import LedgerReports\n")
    run = _lint(tmp_path)
    assert run.returncode != 0
    assert "ledgerlet.api.peek -> ledgerlet.ledger.reports" in run.stdout
