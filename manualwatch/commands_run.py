"""Commands that run the cycle or deliver its email: run, send, status."""

from __future__ import annotations

import sys

import click

from manualwatch.app import App, echo_json, pass_app
from manualwatch.clock import london_display
from manualwatch.cycle import run_cycle, smtp_transport
from manualwatch.mailing import send_pending
from manualwatch.progress import terminal_progress
from manualwatch.report import exit_code, run_summary, run_to_json
from manualwatch.schedule_time import next_run_time
from store import outbox
from store.runs import recent_runs


@click.command()
@click.option("--manual", "manual_name", metavar="NAME", help="Run only this manual.")
@click.option("--no-email", is_flag=True, help="Queue and send no email for this run.")
@click.option("--json", "as_json", is_flag=True, help="Print exactly one JSON document.")
@pass_app
def run(app: App, manual_name: str | None, no_email: bool, as_json: bool) -> None:
    """One complete cycle: crawl, store, diff, amendments, email."""
    manuals = [app.manual(manual_name)] if manual_name else list(app.config.manuals)
    transport = None if no_email else smtp_transport(app.config)
    runs, report = run_cycle(app.db, app.config, manuals, transport=transport,
                             progress=None if as_json else terminal_progress("crawling"))
    if as_json:
        echo_json({"runs": [run_to_json(r) for r in runs]})
    else:
        for item in runs:
            click.echo(run_summary(item))
        if report.sent or report.failed:
            click.echo(f"email: {report.sent} sent, {report.failed} failed")
    sys.exit(exit_code(runs))


@click.command()
@click.option("--retry-uncertain", is_flag=True,
              help="Also resend digests whose delivery a crash left uncertain.")
@pass_app
def send(app: App, retry_uncertain: bool) -> None:
    """Deliver whatever the outbox still holds."""
    transport = smtp_transport(app.config)
    if transport is None:
        raise click.ClickException("[email] enabled is false in the config: nothing sent")
    report = send_pending(app.db, transport, retry_uncertain=retry_uncertain)
    click.echo(f"{report.sent} sent, {report.failed} failed, {report.uncertain} uncertain")
    sys.exit(1 if report.failed else 0)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def status(app: App, as_json: bool) -> None:
    """Last runs per manual, next scheduled time, pending email."""
    manuals = []
    for manual in app.config.manuals:
        runs = recent_runs(app.db, manual.name, limit=5)
        manuals.append({"manual": manual.name, "runs": [
            {k: v for k, v in run_to_json(r).items() if k != "changes"}
            | {"changes": len(r.changes)} for r in runs]})
    data = {"manuals": manuals, "next_run": next_run_time(app.config.schedule_cron),
            "email": outbox.counts(app.db)}
    if as_json:
        echo_json(data)
        return
    for entry in manuals:
        click.echo(f"{entry['manual']}:")
        for r in entry["runs"]:
            click.echo(f"  run {r['run_id']:<4} {r['status']:<11} {london_display(r['started_at'])}"
                       f"  {r['changes']} changes, {len(r['errors'])} errors")
        if not entry["runs"]:
            click.echo("  no runs yet")
    click.echo(f"next scheduled run: {london_display(data['next_run'])}")
    pending = {k: v for k, v in data["email"].items() if k != "sent"}
    click.echo("email: " + (", ".join(f"{v} {k}" for k, v in pending.items()) or "nothing pending"))


COMMANDS = (run, send, status)
