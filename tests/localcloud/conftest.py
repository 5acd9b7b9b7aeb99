"""Fixtures for the localcloud tests: one running cloud per module, on free ports."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "infra") not in sys.path:  # until pyproject's pytest pythonpath lists "infra"
    sys.path.insert(0, str(ROOT / "infra"))

FIXTURE_TEMPLATE = Path(__file__).resolve().parent / "fixture" / "template.yaml"


@pytest.fixture(scope="module")
def cloud() -> Iterator[object]:
    from localcloud import LocalCloud

    # rate(1 minute) fires every second at this scale
    with LocalCloud(FIXTURE_TEMPLATE, port=0, schedule_time_scale=60.0) as running:
        yield running
