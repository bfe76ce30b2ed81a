"""The amendments appendix: changes grouped by year, month and kind, as HTML, Markdown or JSON.

It imitates the tri.x Amendments page: year and month headings, then New / Updated / Removed /
Renamed or Moved tables of Chapter | Details. Renumbered-only records are left out, as a shift
of position tells a reader nothing. Details come from the diff and quote the chapter's own
Amendment note when it changed. The HTML page is self-contained: each updated chapter links to
an in-page section holding our diff of its two versions, and the publisher audit (when given)
is shown at the top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from differ import diff_chapter
from differ import render_html as render_diff_html
from notifier.appendix_details import AUDIT_LABELS, diffed_entries, full_details
from notifier.appendix_markdown import md_escape, render_markdown
from notifier.details import details_for
from notifier.documents import TYPE_NAMES
from notifier.kinds import APPENDIX_KINDS, number_key
from notifier.london import london_day
from notifier.models import (
    AmendmentEntry,
    Amendments,
    AuditFinding,
    ChangeSources,
    DocumentEntry,
    KindTable,
    MonthGroup,
    Update,
    YearGroup,
)
from notifier.templating import render
from store.models import Change

__all__ = ["TABLES", "build_amendments", "diffed_entries", "full_details", "md_escape",
           "render_html", "render_markdown", "to_json", "updates_from_changes"]

# (table key, kinds it holds, heading), in reading order
TABLES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("new", ("new",), "New Chapters"),
    ("updated", ("updated",), "Updated Chapters"),
    ("removed", ("removed",), "Removed Chapters"),
    ("renamed-or-moved", ("renamed", "moved"), "Renamed or Moved Chapters"),
)


def updates_from_changes(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    """Group change records by the Europe/London day of their `seen_at`, newest day first."""
    days: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        days[london_day(change.seen_at)].append(change)
    return sorted(days.items(), reverse=True)


def build_amendments(updates: Iterable[tuple[str, Sequence[Change]]],
                     sources: Mapping[int, ChangeSources] | None = None,
                     audit: Sequence[AuditFinding] | None = None,
                     documents: Mapping[str, Sequence[DocumentEntry]] | None = None
                     ) -> Amendments:
    """The appendix from (day 'YYYY-MM-DD', changes first seen that day) pairs, in any order.

    `sources` (by change id) gives the texts to diff and the Amendment notes to quote; `audit`
    the publisher audit's findings to show beside it (None: not run); `documents` the linked
    documents' rows by day (notifier.documents.document_entries).
    """
    documents = documents or {}
    sources = sources or {}
    by_day: dict[str, list[AmendmentEntry]] = defaultdict(list)
    for day, changes in updates:
        date.fromisoformat(day)  # a malformed day fails here, not halfway through rendering
        by_day[day].extend(_entry(c, day, sources.get(c.id)) for c in changes
                           if c.kind in APPENDIX_KINDS)
    for day in documents:
        by_day.setdefault(day, [])
    days = tuple(
        Update(day, tuple(sorted(entries, key=lambda e: number_key(e.number, e.title))),
               tuple(sorted(documents.get(day, ()), key=lambda d: d.title.casefold())))
        for day, entries in sorted(by_day.items(), reverse=True)
        if entries or documents.get(day)
    )
    return Amendments(updates=days, years=_years(days),
                      audit=None if audit is None else tuple(audit))


def _entry(change: Change, day: str, source: ChangeSources | None) -> AmendmentEntry:
    diff = _diff(change, source)
    return AmendmentEntry(
        kind=change.kind,
        number=change.number,
        title=" ".join(change.title.split()),
        url=change.url,
        details=details_for(change, diff),
        date=day,
        change_id=change.id,
        seen_at=change.seen_at,
        note=_changed_note(change, source),
        diff=diff,
    )


def _changed_note(change: Change, source: ChangeSources | None) -> str | None:
    """The chapter's Amendment note when this change brought a new one, else None."""
    if source is None or change.kind not in ("new", "updated") or not source.new_note:
        return None
    new = " ".join(source.new_note.split())
    old = " ".join((source.old_note or "").split())
    return new if new != old else None


def _diff(change: Change, source: ChangeSources | None):
    if change.kind != "updated" or source is None:
        return None
    if source.old_text is None or source.new_text is None:
        return None
    return diff_chapter(source.old_text, source.new_text, change.title)


def _years(days: tuple[Update, ...]) -> tuple[YearGroup, ...]:
    months: dict[tuple[int, int], list[AmendmentEntry]] = defaultdict(list)
    documents: dict[tuple[int, int], list[DocumentEntry]] = defaultdict(list)
    for update in days:  # newest day first, so each month's rows stay newest first
        day = date.fromisoformat(update.date)
        months[(day.year, day.month)].extend(update.entries)
        documents[(day.year, day.month)].extend(update.documents)
    years: dict[int, list[MonthGroup]] = defaultdict(list)
    for (year, month), entries in sorted(months.items(), reverse=True):
        years[year].append(_month(year, month, entries, documents[(year, month)]))
    return tuple(YearGroup(year, tuple(groups)) for year, groups in years.items())


def _month(year: int, month: int, entries: list[AmendmentEntry],
           documents: list[DocumentEntry]) -> MonthGroup:
    tables = []
    for key, kinds, heading in TABLES:
        rows = tuple(e for e in entries if e.kind in kinds)
        if rows:
            tables.append(KindTable(key, heading, rows))
    return MonthGroup(year, month, f"{date(year, month, 1):%B %Y}", tuple(tables),
                      tuple(documents))


def render_html(doc: Amendments, manual_title: str, since: str | None = None, *,
                live_links: bool = True) -> str:
    """A complete, self-contained, accessible and printable HTML page of the appendix.
    Without `live_links` (a copy read offline) chapters link to our own diffs in the page,
    never to the manual's site."""
    diffs = {e.change_id: render_diff_html(e.diff) for e in diffed_entries(doc) if e.diff}
    return render("appendix.html", doc=doc, manual_title=manual_title, since=since,
                  diffs=diffs, diffed=diffed_entries(doc), details=full_details,
                  audit_labels=AUDIT_LABELS, live_links=live_links, type_names=TYPE_NAMES)


def to_json(doc: Amendments, manual: str) -> dict:
    """The `manualwatch amendments --format json` document, newest day first."""
    return {
        "manual": manual,
        "updates": [
            {
                "date": update.date,
                "changes": [
                    {"kind": e.kind, "number": e.number, "title": e.title, "url": e.url,
                     "details": full_details(e)}
                    for e in update.entries
                ],
                **({"documents": [
                    {"kind": d.kind, "title": d.title, "url": d.url, "type": d.type,
                     "linked_from": list(d.linked_from), "details": d.details}
                    for d in update.documents]} if update.documents else {}),
            }
            for update in doc.updates
        ],
    }
