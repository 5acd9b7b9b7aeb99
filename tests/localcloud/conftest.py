"""Fixtures for the localcloud tests: one running cloud per module, on free ports."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "infra") not in sys.path:  # until pyproject's pytest pythonpath lists "infra"
    sys.path.insert(0, str(ROOT / "infra"))

FIXTURE_TEMPLATE = Path(__file__).resolve().parent / "fixture" / "template.yaml"


@pytest.fixture(scope="module")
def observations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the fixture's functions record what they saw (they run in their own processes)."""
    return tmp_path_factory.mktemp("observations")


@pytest.fixture(scope="module")
def cloud(observations: Path) -> Iterator[object]:
    from localcloud import LocalCloud

    # rate(1 minute) fires every second at this scale
    with LocalCloud(
        FIXTURE_TEMPLATE,
        port=0,
        schedule_time_scale=60.0,
        parameter_overrides={"ObservationsDir": str(observations)},
    ) as running:
        yield running


@pytest.fixture()
def seen(observations: Path) -> Callable[[str], list[Any]]:
    """What the fixture's functions observed of a kind so far (lcfixture.observe), in order."""

    def read(kind: str) -> list[Any]:
        path = observations / f"{kind}.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    return read
