"""A page as leaf blocks in document order: the rows a contents page is read from.

A leaf block is a table row, list item, paragraph, heading, dt/dd or a div holding
text — the smallest block element that holds one row's content. An element that
still holds several rows (more than one link, or more than one numbered start) is
split further; a <br> also ends a block here. Links are kept with their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html

from crawler.htmltree import BLOCK_TAGS, collapse, tag_of

BREAK_TAGS = BLOCK_TAGS | {"br"}
NUMBER_START = re.compile(r"^(\d+(?:\.\d+)+\.?|\d+\.)(?=\s|$)")
_DOTTED_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}\b")


@dataclass
class Link:
    """A followable link inside a block: absolute URL without fragment, and its text."""

    url: str
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return collapse("".join(self.parts))


@dataclass
class Block:
    """One leaf block: its text pieces (one per text node) and its links."""

    pieces: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def text(self) -> str:
        return collapse(" ".join(self.pieces))

    def add(self, text: str | None, link: Link | None) -> None:
        if not text:
            return
        self.pieces.append(text)
        if link is not None:
            link.parts.append(text)
            if not any(known is link for known in self.links):
                self.links.append(link)


def link_target(href: str | None, base: str, page: str) -> str | None:
    """The absolute URL a link leads to, or None for same-page anchors and non-web links."""
    if not href or href.strip().startswith("#"):
        return None
    url, _fragment = urldefrag(urljoin(base, href.strip()))
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return None if url == urldefrag(page)[0] else url


def _number_starts(element: lxml.html.HtmlElement) -> int:
    count = 0
    for piece in element.itertext():
        piece = piece.strip()
        if NUMBER_START.match(piece) and not _DOTTED_DATE.match(piece):
            count += 1
    return count


class Linearizer:
    """Walks a document once, emitting leaf blocks in document order."""

    def __init__(self, base: str, page: str) -> None:
        self.base, self.page = base, page
        self.blocks: list[Block] = []
        self.current = Block()

    def flush(self) -> None:
        if any(piece.strip() for piece in self.current.pieces):
            self.blocks.append(self.current)
        self.current = Block()

    def _link(self, element: lxml.html.HtmlElement) -> Link | None:
        url = link_target(element.get("href"), self.base, self.page)
        return Link(url) if url else None

    def _is_leaf(self, element: lxml.html.HtmlElement) -> bool:
        inner = [e for e in element.iterdescendants() if tag_of(e)]
        if not any(tag_of(e) in BREAK_TAGS for e in inner):
            return True
        links = sum(1 for e in inner if tag_of(e) == "a" and self._link(e))
        return links <= 1 and _number_starts(element) <= 1

    def walk(self, element: lxml.html.HtmlElement, link: Link | None = None,
             leaf: bool = False) -> None:
        tag = tag_of(element)
        breaks = tag in BREAK_TAGS
        owns = breaks and not leaf  # this element decides the blocks below it
        if owns:
            self.flush()
        elif breaks:
            self.current.add(" ", None)
        inner_leaf = leaf or (owns and tag != "br" and self._is_leaf(element))
        inner_link = (self._link(element) or link) if tag == "a" else link
        if tag:
            self.current.add(element.text, inner_link)
            for child in element:
                self.walk(child, inner_link, inner_leaf)
        if owns:
            self.flush()
        elif breaks:
            self.current.add(" ", None)
        self.current.add(element.tail, link)


def linearize(root: lxml.html.HtmlElement, page_url: str) -> list[Block]:
    """The leaf blocks of a parsed page; links resolved against <base href> or the page."""
    bases = root.xpath("//base[@href]/@href")
    base = urljoin(page_url, str(bases[0])) if bases else page_url
    walker = Linearizer(base, page_url)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks
