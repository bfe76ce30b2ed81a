"""Commands that need no config: the bundled sample manual and the offline demo."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from manualwatch.cli.app import echo
from manualwatch.demo import run_demo
from manualwatch.ops.progress import ProgressBar
from manualwatch.samplesite import COUNCILS, EDITIONS, SampleSite


@click.command(name="sample-site")
@click.option("--edition", type=click.IntRange(min(EDITIONS), max(EDITIONS)), default=1,
              show_default=True, help="Which edition of the sample manual to serve.")
@click.option("--layout", type=click.Choice(["classic", "current"]), default="current",
              show_default=True, help="Site generation: proceduresonline or trixonline.")
@click.option("--council", type=click.Choice(COUNCILS), default=None,
              help="Serve a sample council's localised copy of the manual instead.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def sample_site(edition: int, layout: str, council: str | None, host: str, port: int) -> None:
    """Serve the bundled sample manual (or a sample council's copy) over HTTP until
    interrupted."""
    site = SampleSite(layout=layout, edition=edition, council=council)
    with site.start(host=host, port=port):
        which = f"{council} edition {edition}" if council else f"edition {edition}"
        echo(f"serving {which} ({layout}) at {site.contents_url}  (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


@click.command()
@click.option("--output", "folder", type=click.Path(file_okay=False), default="demo-output",
              show_default=True, help="Folder for the database, appendix and emails.")
@click.option("--layout", type=click.Choice(["classic", "current"]), default="current",
              show_default=True)
@click.option("--delay", type=click.FloatRange(0, 5), default=0.01, show_default=True,
              help="Politeness delay between requests (seconds).")
def demo(folder: str, layout: str, delay: float) -> None:
    """The whole pipeline offline on the bundled sample manual (editions 1 -> 3)."""
    echo(f"Serving the sample manual ({layout} layout) on 127.0.0.1 and watching it.")
    started = time.monotonic()
    report = run_demo(Path(folder), layout=layout, delay=delay,
                      progress=lambda label: ProgressBar(f"{label:<18}", sys.stdout)
                      if sys.stdout.isatty() else None,
                      say=click.echo)
    pages = sum(s.run.fetched for s in report.steps)
    not_modified = sum(s.run.not_modified for s in report.steps)
    emails = sum(s.emails for s in report.steps)
    echo(f"\n{report.steps[-1].run.chapters} chapters; {pages} pages fetched, "
               f"{not_modified} answered 304 Not Modified; {emails} emails written; "
               f"{time.monotonic() - started:.1f} s in all.")
    echo(f"Database:  {report.folder / 'manualwatch.db'}")
    for path in report.appendix:
        echo(f"Appendix:  {path}")
    echo(f"Emails:    {report.folder / 'emails'}")
    echo("\nBrowse what it found in the review app:\n"
               f"  manualwatch --config {report.folder / 'config.toml'} serve")
    failed = [s for s in report.steps if s.run.status != s.expected]
    sys.exit(1 if failed else 0)


COMMANDS = (sample_site, demo)
