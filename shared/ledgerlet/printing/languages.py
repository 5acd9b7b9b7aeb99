"""The languages documents print in, and the tables of printed words each domain keeps.

A domain's printed words live in a package of its own (``ledgerlet.<domain>.printing.texts``) with one
module per language, each holding ``TEXTS``, a ``dict`` of the same keys; ``{name}`` placeholders are
filled with :meth:`str.format`.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Literal

LANGUAGES = ("en", "zh-CN", "ms")
Language = Literal["en", "zh-CN", "ms"]
_MODULES = {"en": "en", "zh-CN": "zh_cn", "ms": "ms"}


def load(package: str, language: str) -> Mapping[str, str]:
    """The table of ``language`` (one of :data:`LANGUAGES`) in the texts package ``package``."""
    table: Mapping[str, str] = import_module(f"{package}.{_MODULES[language]}").TEXTS
    return table
