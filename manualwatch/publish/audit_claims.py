"""What the publisher claimed in each run, read from the store: the Updated/New markers that
appeared on the contents page, the row dates it set, and the entries that appeared on the
manual's own Amendments page — beside the changes the run really found.

Only markers that appeared since the previous run and amendment entries that appeared count as
claims; what was already there at the baseline is history we did not see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlite_utils

from crawler.amendments import ListedAmendment, appeared, is_amendments_page, parse_amendments_text
from manualwatch.clock import london_day
from store.chapters import chapter_states, listing_of, listing_runs
from store.documents import broken_links_for_run
from store.models import Change, Run
from store.runs import PUBLISHED, recent_runs
from store.versions import versions_of

ALL_RUNS = 1_000_000


@dataclass(frozen=True)
class Row:
    """A chapter as one run's contents page lists it (its first listing)."""

    url: str
    number: str | None
    title: str
    flag: str | None
    date: str | None


@dataclass(frozen=True)
class RunClaims:
    """One run beside the run before it: what changed and what the publisher said."""

    run: Run
    previous: Run
    rows: dict[str, Row]  # this run's listing by URL
    previous_rows: dict[str, Row]  # the previous run's listing, keyed by this run's URLs
    entries: tuple[ListedAmendment, ...]  # amendments entries that appeared in this run
    notes: dict[str, str] = field(default_factory=dict)  # URL -> Amendment note stored now
    amendments_urls: frozenset[str] = frozenset()

    @property
    def day(self) -> str:
        return london_day(self.run.started_at)

    @property
    def previous_day(self) -> str:
        return london_day(self.previous.started_at)

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.run.changes if c.url not in self.amendments_urls)

    def marker_appeared(self, url: str) -> bool:
        row, before = self.rows.get(url), self.previous_rows.get(url)
        return bool(row and row.flag and (before is None or before.flag != row.flag))

    def date_set(self, url: str) -> str | None:
        """The row date, when the publisher set it in this update (new or changed)."""
        row, before = self.rows.get(url), self.previous_rows.get(url)
        if row is None or not row.date or (before is not None and before.date == row.date):
            return None
        return row.date

    def failed(self, url: str) -> bool:
        return any(error.get("url") == url for error in self.run.errors)


def _rows(listing: list[dict]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for item in listing:
        if item["offsite"]:
            continue
        rows.setdefault(item["url"], Row(item["url"], item["number"], item["title"],
                                         item["flag"], item["date"]))
    return rows


def _published_runs(db: sqlite_utils.Database, manual: str,
                    holders: dict[int, int]) -> list[Run]:
    """The manual's published runs that read a contents page, oldest first."""
    runs = [r for r in recent_runs(db, manual, limit=ALL_RUNS) if r.status in PUBLISHED]
    return [r for r in reversed(runs) if r.id in holders]


def _amendments_texts(db: sqlite_utils.Database, manual: str
                      ) -> tuple[frozenset[str], list[tuple[int, str]]]:
    """The URLs the Amendments page has had, and its stored versions as (run id, text)."""
    pages = [s for s in chapter_states(db, manual).values() if is_amendments_page(s.url, s.title)]
    versions = [(v.run_id, v.text) for page in pages for v in versions_of(db, page.id)]
    return frozenset(p.url for p in pages), sorted(versions)


def _text_as_of(versions: list[tuple[int, str]], run_id: int, allowed: set[int]) -> str:
    text = ""
    for version_run, version_text in versions:
        if version_run <= run_id and version_run in allowed:
            text = version_text
    return text


def _notes(db: sqlite_utils.Database, run_id: int) -> dict[str, str]:
    """URL -> the Amendment note of each chapter version this run stored."""
    rows = db.execute(
        "SELECT c.url, v.amendment FROM versions v JOIN chapters c ON c.id = v.chapter_id"
        " WHERE v.run_id=? AND v.amendment IS NOT NULL AND v.amendment != ''", [run_id])
    return {url: note for url, note in rows.fetchall()}


def _translated(previous: dict[str, Row], run: Run) -> dict[str, Row]:
    """The previous listing keyed by the URL each chapter has in `run` (moves followed)."""
    moved = {c.previous.url: c.url for c in run.changes
             if c.previous is not None and c.previous.url != c.url}
    return {moved.get(url, url): row for url, row in previous.items()}


def run_claims(db: sqlite_utils.Database, manual: str, since: str | None = None
               ) -> Iterator[RunClaims]:
    """Each published, non-baseline run (on or after the London day `since`) with its claims."""
    holders = listing_runs(db, manual)
    runs = _published_runs(db, manual, holders)
    allowed = {r.id for r in runs}
    page_urls, versions = _amendments_texts(db, manual)
    for previous, run in zip(runs, runs[1:], strict=False):
        if run.baseline or (since and london_day(run.started_at) < since[:10]):
            continue
        before_text = _text_as_of(versions, previous.id, allowed)
        after_text = _text_as_of(versions, run.id, allowed)
        if not run.changes and holders[run.id] == holders[previous.id] \
                and before_text == after_text and not broken_links_for_run(db, run.id):
            continue  # a quiet night: same listing and Amendments page, nothing changed or dead
        before = parse_amendments_text(before_text)
        after = parse_amendments_text(after_text)
        rows = _rows(listing_of(db, run.id))
        listed_pages = {url for url, row in rows.items() if is_amendments_page(url, row.title)}
        yield RunClaims(
            run=run, previous=previous, rows=rows,
            previous_rows=_translated(_rows(listing_of(db, previous.id)), run),
            entries=appeared(before, after), notes=_notes(db, run.id),
            amendments_urls=page_urls | frozenset(listed_pages),
        )
