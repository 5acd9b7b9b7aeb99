"""Field types shared by master-data models, with Malaysian rules (state codes, TIN, postcodes)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PlainSerializer, StringConstraints

from ledgerlet.formats import DATE_PATTERN, EMAIL_PATTERN, TIN_EXAMPLE, TIN_PATTERN, formatted
from ledgerlet.kinds import Input

Code = Annotated[
    str,
    formatted(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$", "code", "CUST-001", min_length=1, max_length=40),
    Field(description="Business code: letters, digits and . _ / - (unique per tenant)."),
]
# Inputs strip surrounding spaces, so a name needs something besides them (the schema says so too).
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), Field(json_schema_extra={"pattern": r"\S"})]
# Text that must say something: stored empty, it would read back missing (the hub keeps no empty strings).
RequiredText = Name
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=2000)]
Email = Annotated[
    str,
    formatted(EMAIL_PATTERN, "email", "ap@example.com.my", max_length=254),
    Field(examples=["ap@example.com.my"]),
]
Phone = Annotated[str, formatted(r"^\+?[0-9 ()-]{6,30}$", "phone", "+60 3-2161 0000", max_length=30)]
Reference = Annotated[
    str,
    formatted(r"^[a-z]{2,4}_[0-9A-Z]{26}$", "id", "acc_01HZX3J8Q4V6T2M9R5K7P1W0YB", max_length=64),
    Field(description="An id."),
]


def decimal_pattern(places: int, *, digits: int = 12, positive: bool = False) -> str:
    """The string form of a decimal input as the API reads it: up to ``digits`` digits before the point and
    ``places`` after it; ``positive`` leaves out every spelling of zero (no lookahead: any generator reads it)."""
    fraction = rf"(\.[0-9]{{1,{places}}})?"
    if not positive:
        return rf"^[0-9]{{1,{digits}}}{fraction}$"
    nonzero_fraction = "|".join(f"0{{{zeros}}}[1-9][0-9]{{0,{places - zeros - 1}}}" for zeros in range(places))
    return rf"^(0*[1-9][0-9]{{0,{digits - 1}}}{fraction}|0+\.({nonzero_fraction}))$"


def decimal_text(places: int, *, digits: int = 12, positive: bool = False) -> Callable[[dict[str, Any]], None]:
    """Document a decimal input's string form (:func:`decimal_pattern`) and its number form in steps of one
    ``places``-th unit: pydantic documents any string."""

    def document(schema: dict[str, Any]) -> None:
        for branch in schema.get("anyOf", []):
            if branch.get("type") == "string":
                branch["pattern"] = decimal_pattern(places, digits=digits, positive=positive)
            elif branch.get("type") == "number":
                branch["multipleOf"] = float(Decimal(1).scaleb(-places))

    return document


Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=Decimal("999999999999.99"),
        decimal_places=2,
        description="Amount, 2 decimal places.",
        json_schema_extra=decimal_text(2),
    ),
    PlainSerializer(lambda amount: f"{amount:.2f}", return_type=str, when_used="json"),
]
# An amount that must be more than zero (a receipt line, a transfer).
PositiveMoney = Annotated[Money, Field(gt=0, json_schema_extra=decimal_text(2, positive=True))]
# MYR per one unit of a currency.
Rate = Annotated[
    Decimal,
    Field(gt=0, le=Decimal(1000000), decimal_places=10, json_schema_extra=decimal_text(10, digits=6, positive=True)),
]
# A quantity of stock or of a price break, 4 decimal places.
Quantity = Annotated[
    Decimal, Field(ge=0, le=Decimal(1000000000), decimal_places=4, json_schema_extra=decimal_text(4, digits=9))
]
PositiveQuantity = Annotated[Quantity, Field(gt=0, json_schema_extra=decimal_text(4, digits=9, positive=True))]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4, json_schema_extra=decimal_text(4, digits=3))]


def _real_date(value: str) -> str:
    from datetime import date

    from pydantic_core import PydanticCustomError

    try:
        date.fromisoformat(value)
    except ValueError:  # e.g. 2026-02-30
        raise PydanticCustomError("date.invalid", "{value} is not a date on the calendar", {"value": value}) from None
    return value


def _as_calendar_date(schema: dict[str, Any]) -> None:
    """Documented as what it is, a calendar date (the pattern alone allows 2026-02-30, which is refused)."""
    schema.pop("pattern", None)
    schema["format"] = "date"


Date = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_real_date),
    Field(description="ISO date, YYYY-MM-DD.", json_schema_extra=_as_calendar_date),
]


def _moment(value: str) -> str:
    from datetime import datetime

    from pydantic_core import PydanticCustomError

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PydanticCustomError("date.invalid", "not a moment on the calendar", {"value": value}) from None
    return value


# A moment with its offset, as a client's clock saw it (a delivery's proof, a sale at a till).
Timestamp = Annotated[
    str,
    formatted(
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})$",
        "timestamp",
        "2026-12-05T14:30:00+08:00",
    ),
    AfterValidator(_moment),
]


def table_enum(table: str) -> Callable[[dict[str, Any]], None]:
    """Document a small code table's values as the field's ``enum`` (read when the schema is built)."""

    def document(schema: dict[str, Any]) -> None:
        from ledgerlet.reference import codes

        schema["enum"] = sorted(getattr(codes, table)())

    return document


def in_table(table: str, label: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        from ledgerlet.reference import codes

        if not codes.is_valid(table, value):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError(
                f"code.{table}", "{value} is not a " + label + " in LHDN's code table", {"value": value}
            )
        return value

    return check


StateCode = Annotated[
    str,
    StringConstraints(max_length=2),
    AfterValidator(in_table("states", "Malaysian state code")),
    Field(
        description="LHDN state code, e.g. `14` for W.P. Kuala Lumpur; `17` when not applicable.",
        json_schema_extra=table_enum("states"),
    ),
]
CountryCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(in_table("countries", "country code")),
    Field(description="ISO 3166-1 alpha-3, e.g. `MYS`.", json_schema_extra=table_enum("countries")),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(in_table("currencies", "currency code")),
    Field(description="ISO 4217, e.g. `MYR`.", json_schema_extra=table_enum("currencies")),
]
MsicCode = Annotated[
    str,
    StringConstraints(max_length=5),
    AfterValidator(in_table("msic", "MSIC code")),
    Field(description="MSIC 2008 sub-category code, e.g. `46510`.", json_schema_extra=table_enum("msic")),
]
UnitCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(in_table("units", "unit of measure code")),
    Field(description="UN/ECE Rec 20 unit, e.g. `C62` (one), `KGM`, `H87` (piece)."),
]
ClassificationCode = Annotated[
    str,
    StringConstraints(max_length=3),
    AfterValidator(in_table("classifications", "classification code")),
    Field(
        description="MyInvois product classification, e.g. `022` (others).",
        json_schema_extra=table_enum("classifications"),
    ),
]
Tin = Annotated[
    str,
    formatted(TIN_PATTERN, "tin", TIN_EXAMPLE),
    Field(description="LHDN tax identification number, e.g. `C2584563200` or `IG12345678901`."),
]
# The registration or ID number of a party: SSM, MyKad, passport or army number (its id_type says which).
Brn = Annotated[
    str, formatted(r"^[0-9A-Z-]+$", "registration", "202001012345 or 880101-14-5678", min_length=5, max_length=20)
]
SstNumber = Annotated[
    str,
    formatted(r"^[A-Z0-9-;]+$", "sst_number", "W10-1808-32000104", max_length=35),
    Field(description="SST registration, e.g. `W10-1808-32000104` (up to two, separated by `;`)."),
]
Postcode = Annotated[str, formatted(r"^[0-9A-Za-z -]{3,10}$", "postcode", "50450")]


class Address(Input):
    line1: RequiredText
    line2: ShortText | None = None
    line3: ShortText | None = None
    city: RequiredText
    postcode: Postcode | None = None
    state: StateCode
    country: CountryCode = "MYS"
