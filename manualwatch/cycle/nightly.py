"""The nightly cycle over every configured manual: run, write the appendix, email.

Manuals run one after another through ONE fetcher, so the per-host politeness delay also
spaces requests across manuals on the same host. One manual failing (even by a bug) is
recorded on its run and never stops the others. A stop request (SIGTERM) is honoured
between pages: the page in hand is stored, the run is marked as not finished, and the
remaining manuals and the SMTP delivery wait for the next cycle.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlite_utils

from crawler.fetcher import Fetcher
from manualwatch.clock import Clock, iso, utc_now
from manualwatch.config import Config, ManualConfig
from manualwatch.cycle.across import update_across
from manualwatch.cycle.pipeline import Progress, crawl_settings, run_manual
from manualwatch.ops.logs import event, logger
from manualwatch.ops.shutdown import Shutdown
from manualwatch.publish.delivery import SendReport
from manualwatch.publish.step import publish_run
from notifier.transport import SmtpTransport, Transport
from store.models import Run
from store.runs import PUBLISHED, finish_run, get_run, mark_abandoned_runs, recent_runs, start_run

log = logger("cycle")


class CycleInterrupted(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A stop was requested; raised between pages to leave the pipeline."""


def smtp_transport(config: Config) -> Transport | None:
    """The configured SMTP transport, or None when email is disabled."""
    if not config.email_enabled:
        return None
    return SmtpTransport(config.smtp_host, config.smtp_port, config.smtp_security,
                         config.smtp_username or None, config.smtp_password,
                         timeout=config.timeout_seconds)


def run_cycle(db: sqlite_utils.Database, config: Config, manuals: Sequence[ManualConfig], *,
              transport: Transport | None, clock: Clock = utc_now,
              progress: Progress | None = None,
              shutdown: Shutdown | None = None) -> tuple[list[Run], SendReport]:
    """One run of each manual, then its appendix and its digests; one failure never stops
    the others. With `shutdown`, a requested stop ends the cycle after the page in hand."""
    shutdown = shutdown or Shutdown()
    runs: list[Run] = []
    event(log, logging.INFO, "cycle.started", manuals=len(manuals))
    with Fetcher(crawl_settings(config)) as fetcher:
        for manual in manuals:
            if shutdown.requested:
                event(log, logging.WARNING, "run.skipped", manual=manual.name,
                      reason=f"stopping on {shutdown.reason}")
                continue
            run = _run_one(db, config, manual, fetcher, clock, _hook(progress, shutdown, manual))
            _across(db, config, run)
            if not shutdown.requested:
                run = _publish(db, config, manual, run, transport, clock)
            runs.append(run)
    if shutdown.requested or transport is None:
        return runs, SendReport()
    from manualwatch.publish.mailing import deliver  # templates: only when sending

    report = deliver(db, config, transport, clock=clock)
    event(log, logging.INFO, "email.sent", sent=report.sent, failed=report.failed,
          uncertain=report.uncertain)
    return [get_run(db, r.id) for r in runs], report


def _hook(progress: Progress | None, shutdown: Shutdown, manual: ManualConfig) -> Progress:
    """Called by the pipeline after each page is stored: log, draw, and stop if asked."""
    def hook(done: int, total: int, url: str) -> None:
        event(log, logging.DEBUG, "page.stored", manual=manual.name, done=done, total=total,
              url=url)
        if progress is not None:
            progress(done, total, url)
        if shutdown.requested:
            raise CycleInterrupted(shutdown.reason)
    return hook


def _run_one(db: sqlite_utils.Database, config: Config, manual: ManualConfig, fetcher: Fetcher,
             clock: Clock, hook: Progress) -> Run:
    event(log, logging.INFO, "run.started", manual=manual.name, url=manual.contents_url)
    try:
        run = run_manual(db, config, manual, clock=clock, progress=hook, fetcher=fetcher)
    except CycleInterrupted as stop:
        mark_abandoned_runs(db, manual.name, iso(clock()), url=manual.contents_url,
                            reason=f"stopped on {stop}")
        run = recent_runs(db, manual.name, limit=1)[0]
        event(log, logging.WARNING, "run.interrupted", manual=manual.name, run_id=run.id,
              reason=str(stop), status=run.status)
        return run
    except Exception as exc:  # noqa: BLE001 - one manual's bug must not stop the others
        event(log, logging.ERROR, "run.crashed", exc_info=True, manual=manual.name)
        return _record_crash(db, manual, clock, exc)
    level = logging.INFO if run.status == "ok" else logging.WARNING
    event(log, level, "run.finished", manual=manual.name, run_id=run.id, status=run.status,
          baseline=run.baseline, chapters=run.chapters, fetched=run.fetched,
          not_modified=run.not_modified, errors=len(run.errors), changes=len(run.changes))
    return run


def _record_crash(db: sqlite_utils.Database, manual: ManualConfig, clock: Clock,
                  exc: Exception) -> Run:
    """Mark the crashed run failed (creating its row if it never started)."""
    now = iso(clock())
    latest = recent_runs(db, manual.name, limit=1)
    running = latest[0] if latest and latest[0].status == "running" else None
    run_id = running.id if running else start_run(db, manual.name, now)
    finish_run(db, run_id, status="failed", finished_at=now, baseline=False,
               chapters=running.chapters if running else 0,
               fetched=running.fetched if running else 0,
               not_modified=running.not_modified if running else 0, skipped=[],
               errors=[*(running.errors if running else ()),
                       {"url": manual.contents_url,
                        "error": f"internal error: {type(exc).__name__}: {exc}"}])
    return get_run(db, run_id)


def _across(db: sqlite_utils.Database, config: Config, run: Run) -> None:
    """Counterparts and adoption after an accepted run, when several manuals are watched."""
    if len(config.manuals) < 2 or run.status not in PUBLISHED:
        return
    try:
        update_across(db, config, run)
    except Exception:  # noqa: BLE001 - the view across manuals must not stop the cycle
        event(log, logging.ERROR, "across.failed", exc_info=True, manual=run.manual,
              run_id=run.id)


def _publish(db: sqlite_utils.Database, config: Config, manual: ManualConfig, run: Run,
             transport: Transport | None, clock: Clock) -> Run:
    """The appendix and the queued digests; a failure is recorded on the run, the cycle goes
    on, and the next run tries again."""
    return publish_run(db, config, manual, run, email=transport is not None, clock=clock)
