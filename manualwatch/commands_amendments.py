"""The amendments appendix on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from manualwatch.app import App, pass_app, since_option
from manualwatch.appendix import amendments as build_amendments
from manualwatch.appendix import render as render_appendix
from notifier.appendix import to_json as amendments_json


@click.command()
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--since", metavar="DATE", help="Only updates on or after DATE.")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE")
@pass_app
def amendments(app: App, manual_name: str | None, since: str | None, fmt: str,
               output: str | None) -> None:
    """The amendments appendix: year, month, New / Updated / Removed / Renamed tables."""
    manual = app.manual(manual_name)
    doc = build_amendments(app.db, manual.name, since_option(since))
    if fmt == "json":
        text = json.dumps(amendments_json(doc, manual.name), indent=2, ensure_ascii=False)
    else:
        text = render_appendix(doc, manual, fmt)
    if output:
        Path(output).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    else:
        click.echo(text)


COMMANDS = (amendments,)
