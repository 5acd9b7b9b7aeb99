"""Every word a printed cash document carries, one module per language with the same keys.

``{name}`` placeholders are filled with :meth:`str.format`. A language the API takes is one of
:data:`LANGUAGES`; tests/unit/test_cash_printing.py fails when a key is missing in one.
"""

from __future__ import annotations

from collections.abc import Mapping

from ledgerlet.printing.languages import LANGUAGES, load

__all__ = ["LANGUAGES", "texts"]


def texts(language: str) -> Mapping[str, str]:
    """The table of ``language`` (one of :data:`LANGUAGES`)."""
    return load(__name__, language)
