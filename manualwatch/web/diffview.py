"""Diffs for pages: the differ's inline and side-by-side renderings of its one diff model,
passed through nh3 so only plain structure and classes reach the page (the differ's inline
styles are dropped, as the Content-Security-Policy would refuse them; the CSS file styles
the classes instead)."""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from markupsafe import Markup

from differ import ChapterDiff, diff_chapter, render_html, render_side_by_side, summary

TAGS = {"div", "p", "span", "strong", "ins", "del", "table", "thead", "tbody", "tr", "th", "td",
        "mark"}
ATTRIBUTES = {"*": {"class"}, "p": {"class", "role", "aria-level"},
              "span": {"class", "aria-hidden"}, "td": {"class", "colspan"},
              "th": {"class", "colspan"}}


def clean(html: str) -> Markup:
    """Fragment HTML reduced to TAGS with class attributes, safe to put in a page."""
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, link_rel=None,
                            strip_comments=True))


@dataclass(frozen=True)
class DiffView:
    diff: ChapterDiff
    summary: str
    inline: Markup
    side_by_side: Markup


def diff_view(old: str, new: str, title: str, context: int = 2) -> DiffView:
    diff = diff_chapter(old, new, title)
    return DiffView(diff=diff, summary=summary(diff, title),
                    inline=clean(render_html(diff, context)),
                    side_by_side=clean(render_side_by_side(diff, context)))
