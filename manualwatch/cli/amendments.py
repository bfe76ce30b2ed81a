"""The amendments appendix and the annotated contents page on the command line."""

from __future__ import annotations

from pathlib import Path

import click

from manualwatch.cli.app import App, Failure, echo, pass_app, since_option
from manualwatch.publish.appendix import FORMATS, amendments, manual_audit, render
from manualwatch.publish.contents_page import (
    annotated_contents,
    render_contents,
    render_contents_text,
)


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    else:
        echo(text)


@click.command("amendments")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--since", metavar="DATE", help="Only changes first seen on or after DATE.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="html: one self-contained page with each change's diff and the publisher "
                   "audit; md; json; atom: an Atom feed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write to FILE instead of standard output.")
@pass_app
def amendments_command(app: App, manual_name: str | None, since: str | None, fmt: str,
                       output: str | None) -> None:
    """The amendments appendix: year, month, New / Updated / Removed / Renamed or Moved tables."""
    manual = app.manual(manual_name)
    since = since_option(since)
    findings = manual_audit(app.db, app.config, manual, since) if fmt in ("html", "md") else None
    doc = amendments(app.db, manual.name, since, findings=findings)
    _emit(render(doc, manual, fmt, base_url=app.config.web_base_url, since=since), output)


@click.command()
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--days", type=click.IntRange(min=0), default=30, show_default=True,
              help="Badge chapters whose change we first saw within this many days.")
@click.option("--as-of", "as_of", metavar="DATE", help="End of the badge window (default today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write the HTML page to FILE instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html"]), default="auto",
              show_default=True, help="auto: a text table on a terminal, the HTML page with -o "
              "or when standard output is a pipe or a file.")
@pass_app
def contents(app: App, manual_name: str | None, days: int, as_of: str | None,
             output: str | None, fmt: str) -> None:
    """The manual's contents as last seen: our Updated/New badges beside the publisher's."""
    manual = app.manual(manual_name)
    as_of = since_option(as_of)
    page = annotated_contents(app.db, manual, days=days, as_of=as_of[:10] if as_of else None)
    if page is None:
        raise Failure(f"no contents of {manual.name} recorded yet: run `manualwatch run` first")
    if fmt == "auto":
        fmt = "html" if output or not click.get_text_stream("stdout").isatty() else "text"
    _emit(render_contents(page) if fmt == "html" else render_contents_text(page), output)


COMMANDS = (amendments_command, contents)
