"""Turning chapter sources into template-ready blocks, with optional markup-only variations.

Markup options (per chapter, from an edition delta) change bytes but never the normalised text:
bold / span: phrases wrapped in <b> / <span class="hl">; reflow: long source lines broken and
indented; attrs: extra attributes on block elements.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from manualwatch.samplesite.chapter_source import LINK, Block, ChapterSource

Resolve = Callable[[str], str]  # "doc:form.pdf" / "chapter:slug" -> href


@dataclass(frozen=True)
class RenderedBlock:
    kind: str
    level: int = 0
    anchor: str = ""
    html: Markup = Markup("")
    items: tuple[Markup, ...] = ()
    rows: tuple[tuple[Markup, ...], ...] = ()


@dataclass(frozen=True)
class RenderedChapter:
    title: str
    scope: tuple[Markup, ...]
    related: tuple[Markup, ...]
    amendment: Markup | None
    toc: tuple[tuple[str, str], ...]  # (anchor, heading text)
    body: tuple[RenderedBlock, ...]
    attrs: Markup  # extra attributes for block elements ("" normally)


def _wrap(html: Markup, tag: str, phrase: str) -> Markup:
    escaped = str(escape(phrase))
    text = str(html)
    if escaped not in text:
        return html
    closing = tag.split()[0]
    return Markup(text.replace(escaped, f"<{tag}>{escaped}</{closing}>", 1))


def _links(html: Markup, resolve: Resolve | None) -> Markup:
    """Source links as <a href> (their text already escaped); without a resolver, plain text."""
    def one(match) -> str:
        if resolve is None:
            return match.group(1)
        return f'<a href="{escape(resolve(match.group(2)))}">{match.group(1)}</a>'
    return Markup(LINK.sub(one, str(html)))


def inline(text: str, style: dict[str, Any], resolve: Resolve | None = None) -> Markup:
    """Escape one line of text, make its links, apply the chapter's markup-only variations."""
    html = _links(escape(text), resolve)
    for phrase in style.get("bold", []):
        html = _wrap(html, "b", phrase)
    for phrase in style.get("span", []):
        html = _wrap(html, 'span class="hl"', phrase)
    if style.get("reflow"):
        lines = textwrap.wrap(str(html), width=64, break_long_words=False, break_on_hyphens=False)
        html = Markup("\n        ".join(lines))
    return Markup(html)


def _block(block: Block, style: dict[str, Any], resolve: Resolve | None) -> RenderedBlock:
    if block.kind == "heading":
        return RenderedBlock("heading", block.level, block.anchor, inline(block.text, {}))
    if block.kind == "para":
        return RenderedBlock("para", html=inline(block.text, style, resolve))
    if block.kind == "list":
        return RenderedBlock("list", items=tuple(inline(i, style, resolve) for i in block.items))
    rows = tuple(tuple(inline(cell, style, resolve) for cell in row) for row in block.rows)
    return RenderedBlock("table", rows=rows)


def render_chapter(chapter: ChapterSource, style: dict[str, Any] | None = None,
                   resolve: Resolve | None = None) -> RenderedChapter:
    """Prepare a parsed chapter for the chapter template of either layout (`resolve` turns
    source link targets into hrefs)."""
    style = style or {}
    attrs = Markup(' class="tx" data-rev="2"') if style.get("attrs") else Markup("")
    return RenderedChapter(
        title=chapter.title,
        scope=tuple(inline(s, style, resolve) for s in chapter.scope),
        related=tuple(inline(r, style, resolve) for r in chapter.related),
        amendment=inline(chapter.amendment, style, resolve) if chapter.amendment else None,
        toc=tuple((b.anchor, b.text) for b in chapter.contents_entries()),
        body=tuple(_block(b, style, resolve) for b in chapter.body),
        attrs=attrs,
    )
