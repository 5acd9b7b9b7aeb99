"""LHDN MyInvois code tables, loaded lazily from the compact JSON shipped in ``data/``.

The JSON is derived from LHDN's published tables by ``infra/tools/build_reference.py``; rerun it when
LHDN updates them. Importing this module reads no file: each table is read on first use and cached.

    >>> states()["14"]
    'Wilayah Persekutuan Kuala Lumpur'
    >>> is_valid("currencies", "MYR")
    True
"""

from __future__ import annotations

import functools
import os

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from collections.abc import Mapping

_DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

TABLE_NAMES: tuple[str, ...] = (
    "states",
    "countries",
    "currencies",
    "msic",
    "units",
    "tax_types",
    "classifications",
    "payment_methods",
    "einvoice_types",
)

# ISO 4217 minor units for the currencies in LHDN's table that do not use the default of 2.
# Funds, precious metals and other codes ISO lists as "N.A." (XAU, XDR, XXX, ...) fall back to 2,
# as CLDR does. CNH is not an ISO code; it follows CNY (2).
_MINOR_UNITS: dict[str, int] = {
    # 0 decimals
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    # 3 decimals
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # 4 decimals
    "CLF": 4,
    "UYW": 4,
}
DEFAULT_MINOR_UNITS = 2


@functools.cache
def _load(table: str) -> Mapping[str, str]:
    import json
    from types import MappingProxyType

    with open(os.path.join(_DATA_DIR, f"{table}.json"), encoding="utf-8") as handle:
        data: dict[str, str] = json.load(handle)
    return MappingProxyType(data)


def states() -> Mapping[str, str]:
    """Malaysian state codes (``"01"`` Johor ... ``"16"`` Putrajaya, ``"17"`` Not Applicable)."""
    return _load("states")


def countries() -> Mapping[str, str]:
    """ISO 3166-1 alpha-3 country codes as LHDN lists them (``"MYS"`` → ``"MALAYSIA"``)."""
    return _load("countries")


def currencies() -> Mapping[str, str]:
    """ISO 4217 currency codes accepted by MyInvois (``"MYR"`` → ``"Malaysian Ringgit"``)."""
    return _load("currencies")


def msic() -> Mapping[str, str]:
    """MSIC 2008 sub-category codes → description (``"00000"`` is ``"NOT APPLICABLE"``)."""
    return _load("msic")


def units() -> Mapping[str, str]:
    """UN/ECE Recommendation 20 unit-of-measure codes (``"C62"`` → ``"one"``)."""
    return _load("units")


def tax_types() -> Mapping[str, str]:
    """MyInvois tax types (``"01"`` Sales Tax, ``"02"`` Service Tax, ..., ``"E"`` exemption)."""
    return _load("tax_types")


def classifications() -> Mapping[str, str]:
    """MyInvois product/service classification codes (``"001"`` ... ``"045"``)."""
    return _load("classifications")


def payment_methods() -> Mapping[str, str]:
    """MyInvois payment modes (``"01"`` Cash ... ``"08"`` Others)."""
    return _load("payment_methods")


def einvoice_types() -> Mapping[str, str]:
    """MyInvois e-invoice type codes (``"01"`` Invoice ... ``"14"`` Self-billed Refund Note)."""
    return _load("einvoice_types")


def currency_precision(code: str) -> int:
    """Number of decimal places (ISO 4217 minor units) for a currency: 2 unless listed otherwise."""
    return _MINOR_UNITS.get(code, DEFAULT_MINOR_UNITS)


def is_valid(table_name: str, code: str) -> bool:
    """Whether ``code`` is in the named table (one of ``TABLE_NAMES``); raises on an unknown table."""
    if table_name not in TABLE_NAMES:
        raise ValueError(f"unknown reference table {table_name!r}; expected one of {TABLE_NAMES}")
    return code in _load(table_name)
