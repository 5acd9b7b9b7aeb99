"""Python values <-> DynamoDB attribute values. Numbers are ``Decimal`` (never float).

Written out rather than taken from ``boto3.dynamodb.types``: importing that pulls in all of boto3,
which a handler should pay for on its first request, not at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def _clean(value: Any) -> Any:
    """Drop None and empty strings (absent and empty read the same; keys cannot hold empty strings)."""
    if isinstance(value, Mapping):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v is not None and v != ""}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def to_value(value: Any) -> dict[str, Any]:
    """One attribute value, e.g. ``Decimal("1.5")`` -> ``{"N": "1.5"}``."""
    return _encode(_clean(value))


def _encode(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | Decimal):
        return {"N": str(value)}
    if isinstance(value, float):
        raise TypeError("floats are not stored; use Decimal")
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, Mapping):
        return {"M": {str(k): _encode(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [_encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"L": [_encode(v) for v in sorted(value)]}
    raise TypeError(f"cannot store {type(value).__name__}")


def to_item(document: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _encode(value) for key, value in _clean(document).items()}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _decode(value) for key, value in item.items()}


def _decode(value: Mapping[str, Any]) -> Any:
    ((kind, data),) = value.items()
    if kind == "S":
        return data
    if kind == "N":
        number = Decimal(data)
        # Integral numbers written without a fraction (versions, counters) come back as int.
        return int(number) if "." not in data and "e" not in data.lower() else number
    if kind == "BOOL":
        return data
    if kind == "NULL":
        return None
    if kind == "M":
        return {k: _decode(v) for k, v in data.items()}
    if kind == "L":
        return [_decode(v) for v in data]
    if kind in ("SS", "BS"):
        return sorted(data)
    if kind == "NS":
        return sorted(Decimal(v) for v in data)
    if kind == "B":
        return data
    raise TypeError(f"unknown attribute type {kind}")
