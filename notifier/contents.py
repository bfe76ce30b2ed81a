"""The annotated contents page as one self-contained HTML page: the manual's contents with
our own badges beside the publisher's Updated/New markers and row dates."""

from __future__ import annotations

from itertools import groupby

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
