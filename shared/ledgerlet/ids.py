"""Opaque, time-ordered identifiers such as ``cus_01JD3V1T7Q8ZK4N2M5P6R7S8T9``.

26 Crockford base-32 characters (48-bit millisecond timestamp + 80 random bits, as in ULID)
behind a short type prefix, so ids sort by creation time and say what they name.
"""

from __future__ import annotations

import re
import secrets
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_PATTERN = r"^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$"
_ID_RE = re.compile(ID_PATTERN)


def new_id(prefix: str) -> str:
    return _encoded(prefix, (int(time.time() * 1000) << 80) | secrets.randbits(80))


def derived_id(prefix: str, at_ms: int, *seed: str) -> str:
    """The id of something made from another system's record: the same seed always gives the same id
    (a retried import finds what it wrote), sorted by ``at_ms`` as a new id made then would be."""
    import hashlib

    digest = hashlib.sha256("\x1f".join(seed).encode()).digest()
    return _encoded(prefix, ((at_ms & (2**48 - 1)) << 80) | int.from_bytes(digest[:10], "big"))


def _encoded(prefix: str, value: int) -> str:
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return f"{prefix}_{''.join(reversed(chars))}"


def is_id(value: str, prefix: str | None = None) -> bool:
    if not _ID_RE.match(value):
        return False
    return prefix is None or value.startswith(prefix + "_")
