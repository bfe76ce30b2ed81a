"""The whole pipeline offline: the bundled sample manual served on loopback, editions 1 -> 3,
each run as on the night after that edition's publication date.

Everything lands in one folder: the database, the amendments appendix (HTML and Markdown) and
the digests it would send, as .eml files.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from manualwatch.clock import iso, utc_now
from manualwatch.config import load_config
from manualwatch.cycle.nightly import run_cycle
from manualwatch.cycle.pipeline import Progress
from manualwatch.publish.appendix import write_appendix
from manualwatch.samplesite import EDITIONS, SampleSite, load_edition, load_truth
from notifier.transport import EmlDirectoryTransport
from store import open_database
from store.models import Follow, Run
from store.subscribers import subscribe

DEMO_SUBSCRIBERS = (
    ("practice-lead@example.org", (Follow("all"),)),
    ("fostering-team@example.org", (Follow("section", "6"),)),
    ("safeguarding-team@example.org", (Follow("section", "1"),)),
)

CONFIG = """\
[store]
path = "manualwatch.db"

[crawl]
delay_seconds = {delay}
timeout_seconds = 10

[email]
enabled = true
from = "manualwatch@example.org"

[output]
dir = "."

[[manuals]]
name = "sample"
title = "Norfolk Children's Services Procedure Manual (sample)"
contents_url = "{contents_url}"
"""


@dataclass
class DemoStep:
    label: str
    run: Run
    seconds: float
    emails: int
    expected: str = "ok"  # the status the sample edition plants (a page taken off: partial)


@dataclass
class DemoReport:
    folder: Path
    steps: list[DemoStep] = field(default_factory=list)
    appendix: list[Path] = field(default_factory=list)


def run_demo(folder: Path, *, layout: str = "current", delay: float = 0.0,
             progress: Callable[[str], Progress | None] = lambda label: None,
             say: Callable[[str], None] = print) -> DemoReport:
    """Serve the sample manual and run editions 1, 2, 3 and an unchanged rerun into `folder`."""
    folder = Path(folder)
    for stale in ("manualwatch.db", "manualwatch.db-wal", "manualwatch.db-shm", "emails",
                  "sample"):
        target = folder / stale
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    report = DemoReport(folder)
    with SampleSite(layout=layout, edition=EDITIONS[0]).start() as site:
        (folder / "config.toml").write_text(
            CONFIG.format(delay=delay, contents_url=site.contents_url), encoding="utf-8")
        config = load_config(folder / "config.toml")
        db = open_database(config.store_path)
        for email, follows in DEMO_SUBSCRIBERS:
            subscribe(db, email, "sample", follows, iso(utc_now()))
        transport = EmlDirectoryTransport(folder / "emails")
        last = EDITIONS[-1]
        plan = [(f"edition {n}", n, 0) for n in EDITIONS] + [(f"edition {last} again", last, 1)]
        for label, edition, days_later in plan:
            site.set_edition(edition)
            before = _count_emails(folder)
            started = time.monotonic()
            night = _publication_night(edition, days_later)
            runs, _ = run_cycle(db, config, config.manuals, transport=transport,
                                progress=progress(label), clock=lambda night=night: night)
            step = DemoStep(label, runs[0], time.monotonic() - started,
                            _count_emails(folder) - before, expected_status(edition))
            report.steps.append(step)
            say(_step_line(step))
        # the sample site stops with the demo: the appendix links to its own diffs instead
        report.appendix = write_appendix(db, config, config.manuals[0], live_links=False)
    return report


def expected_status(edition: int) -> str:
    """The status a run of `edition` should end with, as the sample's truth files plant it."""
    return "ok" if edition == EDITIONS[0] else str(load_truth(edition)["status"])


def _publication_night(edition: int, days_later: int) -> datetime:
    """02:00 UTC on the night after the edition went live (plus `days_later`): the demo runs
    each edition as the nightly job would have, so the publisher audit's dates make sense."""
    day = load_edition(edition).published + timedelta(days=1 + days_later)
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


def _count_emails(folder: Path) -> int:
    return len(list((folder / "emails").glob("*.eml"))) if (folder / "emails").exists() else 0


def _step_line(step: DemoStep) -> str:
    run = step.run
    kinds: dict[str, int] = {}
    for change in run.changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    what = ("baseline" if run.baseline else
            ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no changes")
    return (f"{step.label:<18} {run.status:<8} {run.chapters:>4} chapters  {run.fetched:>4} fetched"
            f"  {run.not_modified:>4} not modified  {step.seconds:6.2f} s  {what}"
            f"  ({step.emails} emails)")
