"""A trigger read through an injected clock: the configured cron line, seen from a clock that
stands at a chosen moment (e.g. one second before 02:00) when the scheduler first asks, then
runs at real speed. The job fires that long after the scheduler starts, however slow set-up
was, and never rolls over to tomorrow."""

from __future__ import annotations

from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger


class ClockedTrigger(BaseTrigger):
    """`trigger` as a clock reading `start` at the first question would see it."""

    def __init__(self, trigger: BaseTrigger, start: datetime) -> None:
        self.trigger, self.start = trigger, start
        self.offset: timedelta | None = None  # injected time minus real time

    def get_next_fire_time(self, previous_fire_time: datetime | None,
                           now: datetime) -> datetime | None:
        if self.offset is None:
            self.offset = self.start - now
        previous = previous_fire_time + self.offset if previous_fire_time else None
        fire = self.trigger.get_next_fire_time(previous, now + self.offset)
        return None if fire is None else fire - self.offset
