"""Every word a printed cash document carries, one module per language with the same keys.

``{name}`` placeholders are filled with :meth:`str.format`. A language the API takes is one of
:data:`LANGUAGES`; tests/unit/test_cash_printing.py fails when a key is missing in one.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module

LANGUAGES = ("en", "zh-CN", "ms")
_MODULES = {"en": "en", "zh-CN": "zh_cn", "ms": "ms"}


def texts(language: str) -> Mapping[str, str]:
    """The table of ``language`` (one of :data:`LANGUAGES`)."""
    table: Mapping[str, str] = import_module(f"{__name__}.{_MODULES[language]}").TEXTS
    return table
