"""Every word a printed sales document carries (invoice, delivery order, statement), one module per
language with the same keys: ``en``, ``zh_cn`` (简体中文), ``ms`` (Bahasa Melayu).

``{name}`` placeholders are filled with :meth:`str.format`; tests/unit/test_sales_printing.py fails when a
key or a placeholder is missing in one. ``unit.<code>`` names a UN/ECE unit (an item's ``base_uom``);
a unit without one prints its code.
"""

from __future__ import annotations

from collections.abc import Mapping

from ledgerlet.printing.languages import LANGUAGES, load

__all__ = ["LANGUAGES", "texts"]


def texts(language: str) -> Mapping[str, str]:
    """The table of ``language`` (one of :data:`LANGUAGES`)."""
    return load(__name__, language)
