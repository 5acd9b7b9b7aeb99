"""Time zones: a company's "today" is its own, Asia/Kuala_Lumpur unless it chose another."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

DEFAULT_TIME_ZONE = "Asia/Kuala_Lumpur"


def iana_time_zone(value: str) -> str:
    """``value`` when it names an IANA time zone (a pydantic validator)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PydanticCustomError(
            "timezone.invalid", "not an IANA time zone such as {example}", {"example": DEFAULT_TIME_ZONE}
        ) from exc
    return value


def _zones(schema: dict[str, Any]) -> None:
    """Document the time zones the API takes (read when the schema is built)."""
    from zoneinfo import available_timezones

    schema["enum"] = sorted(available_timezones())


TimeZone = Annotated[
    str,
    Field(max_length=64, description="IANA time zone, e.g. `Asia/Kuala_Lumpur`.", json_schema_extra=_zones),
    AfterValidator(iana_time_zone),
]


def today_in(time_zone: str, now: datetime | None = None) -> date:
    """The calendar date in ``time_zone`` at ``now`` (an aware datetime; default: this instant)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(time_zone)
    return (now or datetime.now(zone)).astimezone(zone).date()
