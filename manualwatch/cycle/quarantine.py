"""Releasing or discarding a quarantined run.

`approve` publishes the held run's changes (appendix, email) as if it had been ok, makes
its view of each chapter the accepted one, and records its edits across manuals. `reject`
keeps its versions for the record but never as a comparison base, never published, and
hidden from history.
"""

from __future__ import annotations

import sqlite_utils

from manualwatch.clock import Clock, utc_now
from manualwatch.config import Config
from manualwatch.cycle.across import update_across
from manualwatch.publish.mailing import SendReport, deliver
from manualwatch.publish.step import PublishError, publish_changes, record_failure, record_success
from notifier.transport import Transport
from store.chapters import drop_held_states, held_states, update_chapter
from store.database import transaction
from store.errors import NotFound
from store.models import Run
from store.runs import get_run, latest_finished_run, set_status


class QuarantineError(Exception):
    """The run named cannot be approved or rejected."""


class ApproveFailed(Exception):
    """Publishing the approved run failed: it stays quarantined, the failure is recorded."""


def _held_run(db: sqlite_utils.Database, run_id: int) -> Run:
    try:
        run = get_run(db, run_id)
    except NotFound:
        raise QuarantineError(f"no run {run_id}") from None
    if run.status != "quarantined":
        raise QuarantineError(f"run {run_id} is {run.status}, not quarantined")
    return run


def approve(db: sqlite_utils.Database, config: Config, run_id: int, *,
            transport: Transport | None, clock: Clock = utc_now) -> tuple[Run, SendReport]:
    run = _held_run(db, run_id)
    latest = latest_finished_run(db, run.manual)
    if latest != run_id:
        raise QuarantineError(f"run {run_id} was superseded by run {latest}; "
                              f"approve or reject run {latest} instead")
    manual = config.manual(run.manual)
    try:
        with transaction(db):  # publishing fails: the run stays quarantined, as it was
            for chapter_id, columns in held_states(db, run_id):
                update_chapter(db, chapter_id, **columns, held_run=None)
            drop_held_states(db, run_id)
            set_status(db, run_id, "approved")
            if len(config.manuals) > 1:  # before publishing: digests tell who took up what
                update_across(db, config, get_run(db, run_id))
            retried = publish_changes(db, config, manual, get_run(db, run_id),
                                      email=transport is not None, clock=clock)
    except PublishError as exc:
        record_failure(db, config, manual, run_id, str(exc), clock)
        if transport is not None:  # the admin alert goes now, with whatever else is queued
            deliver(db, config, transport, clock=clock)
        raise ApproveFailed(f"run {run_id} stays quarantined: publishing failed: {exc}") from None
    record_success(db, manual, get_run(db, run_id), retried)
    report = SendReport()
    if transport is not None:
        report = deliver(db, config, transport, clock=clock)
    return get_run(db, run_id), report


def reject(db: sqlite_utils.Database, run_id: int) -> Run:
    _held_run(db, run_id)
    with transaction(db):
        drop_held_states(db, run_id)
        set_status(db, run_id, "rejected")
    return get_run(db, run_id)
