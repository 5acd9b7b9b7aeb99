"""Named text formats: a pattern, the error code its mismatch answers, and an example a person can follow.

A field type takes its pattern from :func:`formatted`, which registers the format under the pattern;
a pattern mismatch (pydantic's ``string_pattern_mismatch``, which names the pattern) is then answered
with the format's code and example instead of the regular expression (``ledgerlet.field_errors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import StringConstraints


@dataclass(frozen=True)
class TextFormat:
    code: str  # the error code, "format.<name>"
    examples: tuple[str, ...]  # what valid values look like, for the message

    @property
    def example(self) -> str:
        """The examples in English ("C2584563200 or IG12345678901"); the console joins them in its language."""
        return " or ".join(self.examples)

    @property
    def params(self) -> dict[str, object]:
        return {"example": self.example, "examples": list(self.examples)}


FORMATS: dict[str, TextFormat] = {}


def text_format(pattern: str, name: str, example: str) -> str:
    """Register ``pattern`` as format ``name`` (idempotent) and answer the pattern. ``example``: one
    or more valid values, separated by " or "."""
    known = FORMATS.get(pattern)
    wanted = TextFormat(f"format.{name}", tuple(example.split(" or ")))
    if known is not None and known != wanted:
        raise ValueError(f"pattern {pattern!r} is already the format {known.code}")
    FORMATS[pattern] = wanted
    return pattern


def formatted(pattern: str, name: str, example: str, **constraints: Any) -> StringConstraints:
    """String constraints with a registered pattern (``constraints``: lengths, stripping, case)."""
    return StringConstraints(pattern=text_format(pattern, name, example), **constraints)


def format_of(pattern: str) -> TextFormat | None:
    return FORMATS.get(pattern)


# SSM registration numbers: the 12-digit format since 2019 (year, entity type 01-06, sequence) and
# the old ones: company 1234567-A, business AS0123456-X or 001234567-X, LLP LLP0012345-LGN.
SSM_PATTERN = (
    r"^((19|20)[0-9]{2}0[1-6][0-9]{6}|[0-9]{1,7}-[A-Z]|([A-Z]{2}[0-9]{7}|[0-9]{9})-[A-Z]|LLP[0-9]{7}-[A-Z]{3})$"
)
SSM_EXAMPLE = "202001012345 or 1234567-A"
# A MyKad (NRIC) number, with or without its dashes.
NRIC_PATTERN = r"^[0-9]{6}-?[0-9]{2}-?[0-9]{4}$"
TIN_PATTERN = r"^(C|CS|D|E|F|FA|PT|TA|TC|TN|TR|TP|J|LE|IG|OG|SG)[0-9]{8,12}0?$|^EI[0-9]{11}$"
TIN_EXAMPLE = "C2584563200 or IG12345678901"


# Formats used by several modules (the API's query and path parameters, the ledger's periods).
DATE_PATTERN = text_format(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", "date", "2026-06-30")
PERIOD_PATTERN = text_format(r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$", "period", "2026-06")
# An e-mail address as the user pool takes it: a domain with a letters-only top level (not "0@0.0").
EMAIL_PATTERN = text_format(
    r"^[A-Za-z0-9_][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$", "email", "ap@example.com.my"
)
ROLE_NAME_PATTERN = text_format(r"^[a-z][a-z0-9-]{1,31}$", "role", "cashier")
