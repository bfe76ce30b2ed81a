"""The amendments appendix: changes grouped by year, month and kind, as HTML, Markdown or JSON.

It imitates the tri.x Amendments page: year and month headings, then New / Updated / Removed
(and here also Renamed / Moved) tables of Chapter | Details. Renumbered-only records are left
out, as a shift of position tells a reader nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from notifier.details import details_for
from notifier.kinds import APPENDIX_KINDS, kind_heading, number_key
from notifier.london import london_day
from notifier.models import AmendmentEntry, Amendments, KindTable, MonthGroup, Update, YearGroup
from notifier.templating import render, safe_href
from store.models import Change

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&])")
_MD_PROSE = re.compile(r"([\\`*_{}\[\]<>#|~&])")  # brackets escaped, so '(' cannot open a link


def updates_from_changes(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    """Group change records by the Europe/London day of their `seen_at`, newest day first."""
    days: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        days[london_day(change.seen_at)].append(change)
    return sorted(days.items(), reverse=True)


def build_amendments(updates: Iterable[tuple[str, Sequence[Change]]]) -> Amendments:
    """The appendix from (day 'YYYY-MM-DD', changes first seen that day) pairs, in any order."""
    by_day: dict[str, list[AmendmentEntry]] = defaultdict(list)
    for day, changes in updates:
        date.fromisoformat(day)  # a malformed day fails here, not halfway through rendering
        by_day[day].extend(_entry(c, day) for c in changes if c.kind in APPENDIX_KINDS)
    days = tuple(
        Update(day, tuple(sorted(entries, key=lambda e: number_key(e.number, e.title))))
        for day, entries in sorted(by_day.items(), reverse=True)
        if entries
    )
    return Amendments(updates=days, years=_years(days))


def _entry(change: Change, day: str) -> AmendmentEntry:
    return AmendmentEntry(
        kind=change.kind,
        number=change.number,
        title=" ".join(change.title.split()),
        url=change.url,
        details=details_for(change),
        date=day,
    )


def _years(days: tuple[Update, ...]) -> tuple[YearGroup, ...]:
    months: dict[tuple[int, int], list[AmendmentEntry]] = defaultdict(list)
    for update in days:  # newest day first, so each month's rows stay newest first
        day = date.fromisoformat(update.date)
        months[(day.year, day.month)].extend(update.entries)
    years: dict[int, list[MonthGroup]] = defaultdict(list)
    for (year, month), entries in sorted(months.items(), reverse=True):
        years[year].append(_month(year, month, entries))
    return tuple(YearGroup(year, tuple(groups)) for year, groups in years.items())


def _month(year: int, month: int, entries: list[AmendmentEntry]) -> MonthGroup:
    tables = tuple(
        KindTable(kind, kind_heading(kind), tuple(e for e in entries if e.kind == kind))
        for kind in APPENDIX_KINDS
        if any(e.kind == kind for e in entries)
    )
    return MonthGroup(year, month, f"{date(year, month, 1):%B %Y}", tables)


def render_html(doc: Amendments, manual_title: str) -> str:
    """A complete, styled, responsive HTML page of the appendix (autoescaped)."""
    return render("appendix.html", doc=doc, manual_title=manual_title)


def to_json(doc: Amendments, manual: str) -> dict:
    """The `manualwatch amendments --format json` document, newest day first."""
    return {
        "manual": manual,
        "updates": [
            {
                "date": update.date,
                "changes": [
                    {"kind": e.kind, "number": e.number, "title": e.title, "url": e.url,
                     "details": e.details}
                    for e in update.entries
                ],
            }
            for update in doc.updates
        ],
    }


def md_escape(text: str) -> str:
    """Text with every Markdown-special character backslash-escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_prose(text: str) -> str:
    return _MD_PROSE.sub(r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str:
    return "".join(f"%{ord(ch):02X}" if ch in " ()<>[]|\\`" else ch for ch in url.strip())


def _md_chapter(entry: AmendmentEntry) -> str:
    title = md_escape(entry.title) or "(untitled)"
    href = safe_href(entry.url)
    cell = f"[{title}]({_md_url(href)})" if href else title
    return f"{md_escape(entry.number)} {cell}" if entry.number else cell


def render_markdown(doc: Amendments, manual_title: str) -> str:
    """The appendix as Markdown: headings per year, month and kind, tables of Chapter | Details."""
    lines = [f"# Amendments: {md_escape(manual_title)}", ""]
    if not doc.years:
        lines += ["No amendments have been recorded yet.", ""]
    for year in doc.years:
        lines += [f"## {year.year}", ""]
        for month in year.months:
            lines += [f"### {month.label}", ""]
            for table in month.tables:
                lines += [f"#### {table.heading}", "", "| Chapter | Details |", "| --- | --- |"]
                lines += [f"| {_md_chapter(e)} | {_md_prose(e.details)} |" for e in table.entries]
                lines.append("")
    return "\n".join(lines)
