"""Times: stored in UTC ISO-8601, shown in Europe/London."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with a Z, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def london_day(text: str) -> str:
    """The Europe/London calendar day (YYYY-MM-DD) of a stored UTC timestamp."""
    return parse_iso(text).astimezone(LONDON).strftime("%Y-%m-%d")


def london_display(text: str) -> str:
    """A stored UTC timestamp as people read it: '25 Nov 2026 02:00 GMT'."""
    return parse_iso(text).astimezone(LONDON).strftime("%-d %b %Y %H:%M %Z")
