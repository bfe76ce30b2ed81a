"""When the nightly schedule fires: a crontab line as APScheduler's CronTrigger, in a time zone.

APScheduler 3 numbers weekdays from Monday = 0, crontab from Sunday = 0 (its docs call this a
historical mistake), so numeric weekdays are translated to names here: `0 2 * * 1-5` means
Monday to Friday, as it does to cron.

Checking a line and finding its next time use `manualwatch.ops.cron` (the same reading,
without importing APScheduler) for the common forms, and APScheduler itself for the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from manualwatch.clock import iso, utc_now
from manualwatch.ops.cron import NotSimple, Simple

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _days(item: str) -> str:
    """One comma item of a crontab weekday field, as APScheduler day names."""
    span, _, step = item.partition("/")
    if span == "*" and not step:
        return "*"
    if span != "*" and not any(ch.isdigit() for ch in span):
        return item  # names (mon-fri) mean the same to both
    first, _, last = span.partition("-")
    low, high = (0, 6) if span == "*" else (int(first), int(last or first))
    if step and not last and span != "*":
        high = 7
    if not (0 <= low <= 7 and 0 <= high <= 7 and low <= high) or (step and int(step) < 1):
        raise ValueError(f"bad day of week {item!r}")
    picked = {n % 7 for n in range(low, high + 1, int(step or 1))}
    return ",".join(DAY_NAMES[n] for n in sorted(picked))


def trigger(cron: str, timezone: str = "Europe/London", jitter: int = 0) -> CronTrigger:
    """The crontab line read in `timezone` (02:00 stays 02:00 across clock changes).

    Raises ValueError for a line cron would not accept.
    """
    from apscheduler.triggers.cron import CronTrigger  # slow to import: only when needed

    minute, hour, day, month, days = _fields(cron)
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=days,
                       timezone=ZoneInfo(timezone), jitter=jitter or None)


def _fields(cron: str) -> tuple[str, str, str, str, str]:
    """minute, hour, day, month and weekday (as APScheduler day names) of a crontab line."""
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields, got {len(fields)}")
    minute, hour, day, month, weekday = fields
    return minute, hour, day, month, ",".join(_days(item) for item in weekday.split(","))


def _simple(cron: str, timezone: str) -> Simple | None:
    """The line as `cron.Simple`, or None when only APScheduler can read it."""
    try:
        return Simple.parse(*_fields(cron), zone=ZoneInfo(timezone))
    except NotSimple:
        return None


def check_cron(cron: str, timezone: str = "Europe/London") -> None:
    """Raises ValueError for a line cron would not accept (as `trigger` does)."""
    if _simple(cron, timezone) is None:
        trigger(cron, timezone)


def next_fire(cron: str, timezone: str, now: datetime | None = None) -> datetime:
    """The next time `cron` (read in `timezone`) fires after `now`, before any jitter."""
    moment = (now or utc_now()).astimezone(ZoneInfo(timezone))
    simple = _simple(cron, timezone)
    if simple is not None:
        return simple.next_fire(moment)  # type: ignore[return-value]
    return trigger(cron, timezone).get_next_fire_time(None, moment)


def next_run_time(cron: str, timezone: str) -> str:
    """The next time the schedule fires, as stored UTC ISO-8601."""
    return iso(next_fire(cron, timezone))
