"""Publishing a run as a step with a result: appendix and feeds written, digests queued.

The result is recorded on the run (`publish_ok`, `publish_error`), so `run --json`,
`status`, the review app and the admin alert can all say when publishing failed. A run whose
publishing failed is retried by the next one: the appendix is rewritten from every published
change, and digests follow the stored changes (runs whose email was never queued).
"""

from __future__ import annotations

import logging

import sqlite_utils

from manualwatch.clock import Clock, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.ops.alerts import queue_alert
from manualwatch.ops.logs import event, logger
from manualwatch.terminal import one_line
from store.models import Run
from store.runs import PUBLISHED, get_run, set_publish_result, unpublished_runs

log = logger("publish")


class PublishError(Exception):
    """Publishing failed; the message is one line saying at which stage and why."""


def publish_changes(db: sqlite_utils.Database, config: Config, manual: ManualConfig, run: Run,
                    *, email: bool, clock: Clock = utc_now) -> list[int]:
    """Write the appendix and queue the digests (or skip them), raising PublishError on any
    failure; returns the earlier runs whose failed publishing this one has now done."""
    retry = [r for r in unpublished_runs(db, manual.name) if r != run.id]
    stage = "appendix"
    try:
        # the appendix and digests need templates and feeds: imported only when there is work
        from manualwatch.publish.mailing import queue_digests, skip_email

        if retry or (run.status in PUBLISHED and not run.baseline
                     and (run.changes or run.documents)):
            from manualwatch.publish.appendix import write_appendix

            write_appendix(db, config, manual)
        stage = "email"
        if email:
            queue_digests(db, config, manual, clock=clock)
        else:
            skip_email(db, manual)
    except Exception as exc:
        event(log, logging.ERROR, "publish.failed", exc_info=True, manual=manual.name,
              run_id=run.id)
        raise PublishError(one_line(f"{stage}: {type(exc).__name__}: {exc}")) from exc
    return retry


def publish_run(db: sqlite_utils.Database, config: Config, manual: ManualConfig, run: Run, *,
                email: bool, clock: Clock = utc_now) -> Run:
    """Publish a run that just finished; returns it with its publish result recorded. Never
    raises for a failure of publishing: it records it and alerts the admin."""
    try:
        retry = publish_changes(db, config, manual, run, email=email, clock=clock)
    except PublishError as exc:
        record_failure(db, config, manual, run.id, str(exc), clock)
        return get_run(db, run.id)
    record_success(db, manual, run, retry)
    return get_run(db, run.id)


def record_success(db: sqlite_utils.Database, manual: ManualConfig, run: Run,
                   retried: list[int]) -> None:
    for earlier in retried:
        set_publish_result(db, earlier, True)
        event(log, logging.INFO, "publish.retried", manual=manual.name, run_id=earlier)
    if run.status in PUBLISHED:
        set_publish_result(db, run.id, True)


def record_failure(db: sqlite_utils.Database, config: Config, manual: ManualConfig,
                   run_id: int, error: str, clock: Clock) -> None:
    """The failure on the run, and an admin alert saying so."""
    set_publish_result(db, run_id, False, error)
    _alert(db, config, manual, clock)


def _alert(db: sqlite_utils.Database, config: Config, manual: ManualConfig,
           clock: Clock) -> None:
    try:
        queue_alert(db, config, manual, clock=clock)
    except Exception:  # noqa: BLE001 - the publish failure is already recorded on the run
        event(log, logging.ERROR, "alert.failed", exc_info=True, manual=manual.name)
