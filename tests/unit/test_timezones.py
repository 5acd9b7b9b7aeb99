"""A company's "today" is the date in its own time zone."""

from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from ledgerlet.timezones import TimeZone, today_in

# 18:00 UTC on the last day of November is 02:00 on 1 December in Kuala Lumpur (UTC+8).
EVENING_IN_LONDON = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def test_today_is_the_date_in_the_companys_time_zone() -> None:
    assert today_in("Asia/Kuala_Lumpur", EVENING_IN_LONDON) == date(2026, 12, 1)
    assert today_in("UTC", EVENING_IN_LONDON) == date(2026, 11, 30)
    assert today_in("America/New_York", EVENING_IN_LONDON) == date(2026, 11, 30)


def test_a_time_zone_must_be_an_iana_name() -> None:
    zone = TypeAdapter(TimeZone)
    assert zone.validate_python("Asia/Kuala_Lumpur") == "Asia/Kuala_Lumpur"
    for wrong in ("Mars/Olympus_Mons", "GMT+8 Malaysia", ""):
        with pytest.raises(ValidationError, match="IANA time zone"):
            zone.validate_python(wrong)
