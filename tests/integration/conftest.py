from collections.abc import Iterator

import pytest

from tests.support.hub import moto_hub
from tests.support.streams import StreamReader


@pytest.fixture(scope="module")
def hub() -> Iterator[StreamReader]:
    """A moto hub for the module, and a reader of its stream (what the ledger's consumer receives)."""
    with moto_hub():
        from ledgerlet.settings import settings

        yield StreamReader(settings().hub_table)
