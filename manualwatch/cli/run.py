"""Commands that run the cycle or deliver its email: run, send, status, schedule.

`run`, `send` and each scheduled cycle hold the run lock, so two never overlap; the one
that finds it taken exits 1 saying who holds it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app
from manualwatch.ops.lock import LockHeld, RunLock
from manualwatch.ops.logs import event, logger, setup_logging
from store.models import Run
from store.runs import PUBLISHED

# The cycle, mailing and the scheduler pull in requests, lxml, jinja2, feedgen and
# APScheduler: each command imports what it uses when it runs, so `status` stays quick.

log = logger("commands")


def _db_path(app: App) -> Path:
    return app.store_path


def _start_logging(app: App, *, quiet: bool) -> None:
    setup_logging(level=app.config.log_level, file=app.config.log_file, quiet=quiet)


@contextlib.contextmanager
def _run_lock(app: App, *, as_json: bool = False) -> Iterator[RunLock]:
    """Hold the run lock, or exit 1 saying who holds it."""
    try:
        lock = RunLock(_db_path(app)).acquire()
    except LockHeld as held:
        event(log, logging.WARNING, "run.refused", reason=str(held))
        if as_json:
            echo_json({"runs": [], "error": str(held)})
        echo(f"Error: {held}", err=True)
        sys.exit(1)
    if lock.stale is not None:
        event(log, logging.WARNING, "lock.taken_over", stale=lock.stale.describe())
    try:
        yield lock
    finally:
        lock.release()


@click.command()
@click.option("--manual", "manual_name", metavar="NAME", help="Run only this manual.")
@click.option("--no-email", is_flag=True, help="Queue and send no email for this run.")
@click.option("--json", "as_json", is_flag=True,
              help="Print exactly one JSON document (and no log lines on stderr).")
@pass_app
def run(app: App, manual_name: str | None, no_email: bool, as_json: bool) -> None:
    """One complete cycle: crawl, store, diff, amendments, email.

    SIGTERM or Ctrl-C stops after the page in hand (exit 1); the next run carries on.
    """
    from manualwatch.cycle.nightly import run_cycle, smtp_transport
    from manualwatch.cycle.report import exit_code, run_summary, run_to_json
    from manualwatch.ops.progress import terminal_progress
    from manualwatch.ops.shutdown import Shutdown
    from store.health import quick_problem

    manuals = [app.manual(manual_name)] if manual_name else list(app.config.manuals)
    problem = quick_problem(app.creating().db.conn)  # created in an existing directory only
    if problem:
        raise Failure(f"{app.store_path}: the database is damaged ({problem}); nothing was "
                      "run (see `manualwatch check`)")
    _start_logging(app, quiet=as_json)
    transport = None if no_email else smtp_transport(app.config)
    shutdown = Shutdown()
    with _run_lock(app, as_json=as_json), shutdown.handling():
        runs, report = run_cycle(app.db, app.config, manuals, transport=transport,
                                 progress=None if as_json else terminal_progress("crawling"),
                                 shutdown=shutdown)
    if as_json:
        echo_json({"runs": [run_to_json(r) for r in runs]})
    else:
        for item in runs:
            echo(run_summary(item, _appendix_written(app, item)))
        if report.sent or report.failed:
            echo(f"email: {report.sent} sent, {report.failed} failed")
    sys.exit(1 if shutdown.requested else exit_code(runs))


def _appendix_written(app: App, run: Run) -> Path | None:
    """Where this run wrote its manual's amendments appendix, if it wrote one."""
    path = app.config.output_dir / run.manual / "amendments.html"
    published = run.status in PUBLISHED and not run.baseline and run.changes
    return path if published and path.exists() else None


@click.command()
@click.option("--retry-uncertain", is_flag=True,
              help="Also resend digests whose delivery a crash left uncertain.")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Write what would be sent as .eml files (see --out); send nothing and "
                   "leave the outbox as it is.")
@click.option("--out", "out_dir", metavar="DIR", default="outbox-preview", show_default=True,
              help="Folder for the .eml files of --dry-run.")
@pass_app
def send(app: App, retry_uncertain: bool, dry_run: bool, out_dir: str) -> None:
    """Deliver whatever the outbox still holds."""
    app.db  # noqa: B018 - a missing or newer database is exit 2 before anything else
    from manualwatch.cycle.nightly import smtp_transport
    from manualwatch.publish.mailing import deliver, preview_pending

    if dry_run:
        files = preview_pending(app.db, out_dir, retry_uncertain=retry_uncertain)
        echo(f"{len(files)} messages written to {out_dir} (nothing sent)")
        return
    transport = smtp_transport(app.config)
    if transport is None:
        raise click.ClickException("[email] enabled is false in the config: nothing sent")
    _start_logging(app, quiet=False)
    with _run_lock(app):
        report = deliver(app.db, app.config, transport, retry_uncertain=retry_uncertain)
    echo(f"{report.sent} sent, {report.failed} failed, {report.uncertain} uncertain"
               + (f", {report.deferred} left queued" if report.deferred else ""))
    sys.exit(1 if report.failed or report.deferred else 0)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def status(app: App, as_json: bool) -> None:
    """Per manual: last runs, next scheduled time, pending email, changes awaiting review;
    and whether a run is in progress, and the database size."""
    from manualwatch.ops.status import gather_status, status_lines

    data = gather_status(app.db, app.config, _db_path(app))
    if as_json:
        echo_json(data)
        return
    for line in status_lines(data):
        echo(line)


@click.command()
@click.option("--run-now", is_flag=True,
              help="Also run a cycle at once on start-up, then follow the schedule.")
@pass_app
def schedule(app: App, run_now: bool) -> None:
    """Run every manual on the `[schedule] cron` line, in the foreground (for systemd).

    SIGTERM or Ctrl-C stops it; a cycle in hand stops after the page in hand.
    """
    from manualwatch.ops.scheduler import Nightly

    _start_logging(app, quiet=False)
    app.creating().db  # noqa: B018 - open (and migrate) now: a bad database is exit 2 first
    nightly = Nightly(app.config, _db_path(app), run_now=run_now)
    with nightly.shutdown.handling(then=nightly.stop):
        nightly.run_forever()


COMMANDS = (run, send, status, schedule)
