from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.events import ROOT
from tests.support.product import running_product


@pytest.fixture(scope="session")
def product_url() -> Iterator[str]:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product() as url:
        yield url


@pytest.fixture(scope="module")
def myinvois() -> Iterator[Any]:
    """A local MyInvois simulator in the test's process (the test can inspect it, hook it and move its clock)."""
    from myinvois_sim import start

    simulator = start(port=0, validation_delay=0.05)
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def product(myinvois: Any) -> Iterator[str]:
    """The product started on that simulator (its own process, kept for the module)."""
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product(myinvois_url=myinvois.url) as url:
        yield url
