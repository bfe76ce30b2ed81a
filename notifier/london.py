"""Times as people in the manual's country read them: UTC records shown in Europe/London."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def parse_utc(iso: str) -> datetime:
    """An ISO-8601 timestamp as an aware datetime; one without an offset is taken as UTC."""
    moment = datetime.fromisoformat(iso.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def to_london(iso: str) -> datetime:
    """The London wall-clock time of a UTC ISO-8601 timestamp."""
    return parse_utc(iso).astimezone(LONDON)


def london_day(iso: str) -> str:
    """The Europe/London day ('YYYY-MM-DD') on which a UTC timestamp falls."""
    return to_london(iso).date().isoformat()


def long_date(day: str | date | datetime) -> str:
    """'25 November 2026' from 'YYYY-MM-DD', a date or a datetime (no time-zone shift)."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.day} {day:%B %Y}"


def long_time(iso: str) -> str:
    """'Wednesday 25 November 2026 at 02:03 GMT' for a UTC ISO-8601 timestamp."""
    moment = to_london(iso)
    return f"{moment:%A} {long_date(moment)} at {moment:%H:%M %Z}"
