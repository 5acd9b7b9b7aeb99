from collections.abc import Iterator

import pytest

from tests.support.events import ROOT
from tests.support.product import running_product


@pytest.fixture(scope="session")
def product_url() -> Iterator[str]:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product() as url:
        yield url
