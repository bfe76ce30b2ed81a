"""The publisher audit on the command line."""

from __future__ import annotations

import click

from manualwatch.cli.app import App, echo, echo_json, pass_app, since_option
from manualwatch.publish.appendix import manual_audit
from manualwatch.publish.audit import to_json
from notifier.appendix_details import AUDIT_SHORT


@click.command()
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--since", metavar="DATE", help="Only runs on or after DATE.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (the contract's shape).")
@pass_app
def audit(app: App, manual_name: str | None, since: str | None, as_json: bool) -> None:
    """Where the publisher's markers, dates and Amendments page disagree with the text:
    silent changes, markers without a change, dates outside the window of the change, and
    links in chapters that answer 404/410."""
    manual = app.manual(manual_name)
    findings = manual_audit(app.db, app.config, manual, since_option(since))
    if as_json:
        echo_json(to_json(findings))
        return
    if not findings:
        echo("No findings: the publisher's record agrees with what changed.")
    for f in findings:
        name = f"{f.number} {f.title}" if f.number else f.title
        detail = f"{f.target}: {f.detail}" if f.target else f.detail
        echo(f"{f.date}  {AUDIT_SHORT[f.kind]:<22} {name}\n    {detail}")


COMMANDS = (audit,)
