"""The annotated contents page: the manual's contents as the last published run saw them, with
our own badges (New, Updated, Renamed, Moved) for changes first seen within N days, beside the
publisher's own Updated/New markers and row dates."""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from manualwatch.clock import london_day, utc_now
from manualwatch.config import ManualConfig
from notifier.contents import render_contents, render_contents_text
from notifier.kinds import KIND_LABELS
from notifier.models import AnnotatedContents, ContentsRow
from store.changes import list_changes
from store.chapters import chapter_states, listing_of
from store.models import Change, Run
from store.runs import PUBLISHED, recent_runs

__all__ = ["annotated_contents", "render_contents", "render_contents_text"]
BADGE_KINDS = ("new", "updated", "renamed", "moved")


def _latest_listed_run(db: sqlite_utils.Database, manual: str) -> Run | None:
    for run in recent_runs(db, manual, limit=1_000_000):
        if run.status in PUBLISHED and listing_of(db, run.id):
            return run
    return None


def _badges(changes: list[Change]) -> dict[int, Change]:
    """Chapter id -> its newest badge-worthy change (changes come newest first)."""
    newest: dict[int, Change] = {}
    for change in changes:
        if change.kind in BADGE_KINDS:
            newest.setdefault(change.chapter_id, change)
    return newest


def annotated_contents(db: sqlite_utils.Database, manual: ManualConfig, *, days: int = 30,
                       as_of: str | None = None) -> AnnotatedContents | None:
    """The contents with badges for changes first seen in the `days` days up to `as_of`
    (a London day, default today); None before the first run that read a contents page."""
    run = _latest_listed_run(db, manual.name)
    if run is None:
        return None
    end = date.fromisoformat(as_of) if as_of else date.fromisoformat(london_day(
        utc_now().isoformat()))
    start = end - timedelta(days=days)
    changes = [c for c in list_changes(db, manual=manual.name, statuses=PUBLISHED)
               if start.isoformat() <= london_day(c.seen_at) <= end.isoformat()]
    badges = _badges(changes)
    ids = {url: state.id for url, state in chapter_states(db, manual.name).items()}
    rows = []
    for item in listing_of(db, run.id):
        change = badges.get(ids.get(item["url"], -1))
        rows.append(ContentsRow(
            number=item["number"] or "", title=item["title"], url=item["url"],
            section=item["section"] or "", group=item["grp"] or "",
            publisher_flag=item["flag"], publisher_date=item["date"],
            badge=KIND_LABELS[change.kind] if change else None,
            badge_date=london_day(change.seen_at) if change else None))
    return AnnotatedContents(manual_title=manual.title, seen_at=run.started_at,
                             as_of=end.isoformat(), days=days, rows=tuple(rows))
