"""`manualwatch schedule`: the nightly cycle under APScheduler 3 in the foreground.

A BlockingScheduler with one job on the configured cron line and time zone: jitter from the
config, coalesce (missed fire times collapse into one run), max_instances=1, and a misfire
grace so a machine that was asleep at 02:00 still runs when it wakes. Each fire takes the run
lock (a `run` started by hand makes the scheduled one skip, and the other way round), opens
its own database connection, and runs every manual. `stop()` (on SIGTERM/SIGINT) ends the
scheduler and lets a cycle in hand finish its page.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger

from manualwatch.clock import iso
from manualwatch.config import Config
from manualwatch.cycle.nightly import run_cycle, smtp_transport
from manualwatch.ops.lock import LockHeld, RunLock
from manualwatch.ops.logs import event, logger
from manualwatch.ops.schedule_time import trigger as cron_trigger
from manualwatch.ops.shutdown import Shutdown
from store import open_database
from store.models import Run

log = logger("scheduler")
JOB_ID = "nightly"


def locked_cycle(config: Config, db_path: Path, shutdown: Shutdown) -> list[Run] | None:
    """One cycle over every manual under the run lock; None when another run holds it."""
    try:
        with RunLock(db_path) as lock:
            if lock.stale is not None:
                event(log, logging.WARNING, "lock.taken_over", stale=lock.stale.describe())
            db = open_database(db_path)
            try:
                runs, _report = run_cycle(db, config, config.manuals,
                                          transport=smtp_transport(config), shutdown=shutdown)
            finally:
                db.close()
    except LockHeld as held:
        event(log, logging.WARNING, "run.refused", reason=str(held))
        return None
    return runs


class Nightly:
    """The scheduler and its one job; `run_forever()` blocks until `stop()`."""

    def __init__(self, config: Config, db_path: Path, *, shutdown: Shutdown | None = None,
                 trigger: BaseTrigger | None = None, run_now: bool = False,
                 on_cycle: Callable[[list[Run] | None], None] | None = None) -> None:
        self.config = config
        self.db_path = db_path
        self.shutdown = shutdown or Shutdown()
        self.on_cycle = on_cycle
        self._busy = threading.Lock()
        zone = ZoneInfo(config.schedule_timezone)
        self.scheduler = BlockingScheduler(
            timezone=zone, executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": config.schedule_misfire_grace_seconds})
        extra = {"next_run_time": datetime.now(zone)} if run_now else {}
        trigger = trigger or cron_trigger(config.schedule_cron, config.schedule_timezone,
                                          config.schedule_jitter_seconds)
        self.scheduler.add_job(self._fire, trigger, id=JOB_ID, name="nightly cycle", **extra)
        self.scheduler.add_listener(self._started, EVENT_SCHEDULER_STARTED)

    def run_forever(self) -> None:
        """Serve the schedule until stopped; a cycle in hand finishes its page first."""
        self.scheduler.start()
        with self._busy:  # wait for a cycle still storing its last page
            pass
        event(log, logging.INFO, "scheduler.stopped", reason=self.shutdown.reason)

    def stop(self, reason: str = "stop") -> None:
        """Thread-safe: no further fires; a cycle in hand stops after its page."""
        self.shutdown.request(reason)
        with contextlib.suppress(SchedulerNotRunningError):
            self.scheduler.shutdown(wait=False)

    def next_run(self) -> str | None:
        """When the job fires next (UTC ISO-8601), or None once stopped."""
        job = self.scheduler.get_job(JOB_ID) if not self.shutdown.requested else None
        fire = job.next_run_time if job is not None else None
        return iso(fire) if fire else None

    def _started(self, _event: SchedulerEvent) -> None:
        if self.shutdown.requested:  # a signal came before the scheduler was up
            self.stop(self.shutdown.reason or "stop")
            return
        event(log, logging.INFO, "scheduler.started", cron=self.config.schedule_cron,
              timezone=self.config.schedule_timezone,
              jitter_seconds=self.config.schedule_jitter_seconds, next_run=self.next_run())

    def _fire(self) -> None:
        with self._busy:
            if self.shutdown.requested:
                return
            event(log, logging.INFO, "scheduler.fired", job=JOB_ID)
            runs: list[Run] | None = None
            try:
                runs = locked_cycle(self.config, self.db_path, self.shutdown)
            except Exception:  # noqa: BLE001 - the scheduler must outlive one bad night
                event(log, logging.ERROR, "cycle.crashed", exc_info=True)
            event(log, logging.INFO, "cycle.finished",
                  runs=len(runs) if runs is not None else 0, next_run=self.next_run())
            if self.on_cycle is not None:
                self.on_cycle(runs)
