"""The annotated contents page as one self-contained HTML page: the manual's contents with
our own badges beside the publisher's Updated/New markers and row dates."""

from __future__ import annotations

from itertools import groupby

from notifier.london import long_date, to_london
from notifier.models import AnnotatedContents, ContentsRow
from notifier.templating import render


def sections(page: AnnotatedContents) -> list[tuple[str, list[ContentsRow]]]:
    """Rows grouped by their contents section, in page order."""
    return [(name or "Contents", list(rows))
            for name, rows in groupby(page.rows, key=lambda r: r.section)]


def render_contents(page: AnnotatedContents) -> str:
    """The page (autoescaped, no external assets, printable)."""
    badged = sum(1 for row in page.rows if row.badge)
    flagged = sum(1 for row in page.rows if row.publisher_flag)
    return render("appendix_contents.html", page=page, sections=sections(page),
                  badged=badged, flagged=flagged)


def _marks(row: ContentsRow) -> str:
    publisher = " ".join(p for p in (row.publisher_flag, row.publisher_date and
                                     long_date(row.publisher_date)) if p)
    ours = f"{row.badge}, seen {long_date(row.badge_date)}" if row.badge and row.badge_date \
        else (row.badge or "")
    return "  ".join(p for p in (f"[publisher: {publisher}]" if publisher else "",
                                 f"[manualwatch: {ours}]" if ours else "") if p)


def render_contents_text(page: AnnotatedContents) -> str:
    """The page as a text table for a terminal: a section a block, a chapter a line (number,
    title, the publisher's marker and date, our badge)."""
    seen = to_london(page.seen_at)
    out = [f"Contents: {page.manual_title}",
           f"as last read on {seen:%-d %b %Y %H:%M %Z}; manualwatch badges cover the "
           f"{page.days} day{'' if page.days == 1 else 's'} up to {long_date(page.as_of)}."]
    width = max((len(row.number) for row in page.rows), default=0)
    for name, rows in sections(page):
        out += ["", name]
        group = ""
        for row in rows:
            if row.group and row.group != group:
                group = row.group
                out.append(f"  {group}")
            marks = _marks(row)
            out.append(f"  {row.number:<{width}}  {row.title}" + (f"  {marks}" if marks else ""))
    return "\n".join(out) + "\n"
