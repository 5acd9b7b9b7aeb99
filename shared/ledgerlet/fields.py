"""Field types shared by master-data models, with Malaysian rules (state codes, TIN, postcodes)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, PlainSerializer, StringConstraints

from ledgerlet.kinds import Input

Code = Annotated[
    str,
    StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"),
    Field(description="Business code: letters, digits and . _ / - (unique per tenant)."),
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=2000)]
Email = Annotated[
    str,
    StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    Field(examples=["ap@example.com.my"]),
]
Phone = Annotated[str, StringConstraints(max_length=30, pattern=r"^\+?[0-9 ()-]{6,30}$")]
Reference = Annotated[
    str, StringConstraints(max_length=64, pattern=r"^[a-z]{2,4}_[0-9A-Z]{26}$"), Field(description="An id.")
]
Money = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("999999999999.99"), decimal_places=2, description="Amount, 2 decimal places."),
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str, when_used="json"),
]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def _real_date(value: str) -> str:
    from datetime import date

    date.fromisoformat(value)  # ValueError names the problem, e.g. "day is out of range for month"
    return value


Date = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_real_date),
    Field(description="ISO date, YYYY-MM-DD."),
]


def _in_table(table: str, label: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        from ledgerlet.reference import codes

        if not codes.is_valid(table, value):
            raise ValueError(f"{value!r} is not a {label} in LHDN's code table")
        return value

    return check


StateCode = Annotated[
    str,
    StringConstraints(max_length=2),
    AfterValidator(_in_table("states", "Malaysian state code")),
    Field(description="LHDN state code, e.g. `14` for W.P. Kuala Lumpur; `17` when not applicable."),
]
CountryCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(_in_table("countries", "country code")),
    Field(description="ISO 3166-1 alpha-3, e.g. `MYS`."),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(_in_table("currencies", "currency code")),
    Field(description="ISO 4217, e.g. `MYR`."),
]
MsicCode = Annotated[
    str,
    StringConstraints(max_length=5),
    AfterValidator(_in_table("msic", "MSIC code")),
    Field(description="MSIC 2008 sub-category code, e.g. `46510`."),
]
UnitCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(_in_table("units", "unit of measure code")),
    Field(description="UN/ECE Rec 20 unit, e.g. `C62` (one), `KGM`, `H87` (piece)."),
]
ClassificationCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(_in_table("classifications", "classification code")),
    Field(description="MyInvois product classification, e.g. `022` (others)."),
]
Tin = Annotated[
    str,
    StringConstraints(pattern=r"^(C|CS|D|E|F|FA|PT|TA|TC|TN|TR|TP|J|LE|IG|OG|SG)[0-9]{8,12}0?$|^EI[0-9]{11}$"),
    Field(description="LHDN tax identification number, e.g. `C2584563200` or `IG12345678901`."),
]
Brn = Annotated[str, StringConstraints(min_length=5, max_length=20, pattern=r"^[0-9A-Z-]+$")]
SstNumber = Annotated[
    str,
    StringConstraints(max_length=35, pattern=r"^[A-Z0-9-;]+$"),
    Field(description="SST registration, e.g. `W10-1808-32000104` (up to two, separated by `;`)."),
]
Postcode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z -]{3,10}$")]


class Address(Input):
    line1: ShortText
    line2: ShortText | None = None
    line3: ShortText | None = None
    city: ShortText
    postcode: Postcode | None = None
    state: StateCode
    country: CountryCode = "MYS"
