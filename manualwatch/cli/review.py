"""Commands that release or discard a quarantined run: approve, reject."""

from __future__ import annotations

import sys

import click

from manualwatch.cli.app import App, Failure, echo, pass_app
from manualwatch.cycle.nightly import smtp_transport
from manualwatch.cycle.quarantine import ApproveFailed, QuarantineError, approve, reject
from manualwatch.cycle.report import run_summary


@click.command(name="approve")
@click.argument("run_id", metavar="RUN", type=int)
@pass_app
def approve_cmd(app: App, run_id: int) -> None:
    """Publish a quarantined run's changes (appendix, email) as if it had been ok."""
    try:
        run, report = approve(app.db, app.config, run_id, transport=smtp_transport(app.config))
    except QuarantineError as exc:
        raise Failure(str(exc)) from None
    except ApproveFailed as exc:
        echo(f"Error: {exc}", err=True)
        sys.exit(1)
    echo(run_summary(run))
    if report.sent or report.failed:
        echo(f"email: {report.sent} sent, {report.failed} failed")


@click.command(name="reject")
@click.argument("run_id", metavar="RUN", type=int)
@pass_app
def reject_cmd(app: App, run_id: int) -> None:
    """Discard a quarantined run: its versions are kept for the record but never used."""
    try:
        run = reject(app.db, run_id)
    except QuarantineError as exc:
        raise Failure(str(exc)) from None
    echo(f"run {run.id} rejected: its {len(run.changes)} changes will not be published")


COMMANDS = (approve_cmd, reject_cmd)
