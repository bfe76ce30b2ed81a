"""When the nightly schedule fires next (APScheduler's CronTrigger, Europe/London)."""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger

from manualwatch.clock import LONDON, iso, utc_now


def trigger(cron: str) -> CronTrigger:
    return CronTrigger.from_crontab(cron, timezone=LONDON)


def next_run_time(cron: str) -> str:
    """The next time the crontab expression fires, as stored UTC ISO-8601."""
    now = utc_now().astimezone(LONDON)
    fire = trigger(cron).get_next_fire_time(None, now)
    return iso(fire)
