"""The normalised chapter text: one line per block, markup and whitespace ignored.

The shared convention (crawler writes it, differ reads it, the sample manual counts
words on it): h2..h6 -> "## text"; a paragraph or a div/td holding text -> the text;
li -> "- text" (each nested li its own line); a table row -> its cells joined by
" | "; <br> is a space; no empty lines. Layout tables (holding tables or headings,
or one cell per row) are read as plain containers.
"""

from __future__ import annotations

import re

import lxml.html

from crawler.htmltree import BLOCK_TAGS, HEADING_TAGS, collapse, tag_of

CELL_TAGS = ("td", "th")
_MARKERS_ONLY = re.compile(r"^[\s|#-]*$")


def flat_text(element: lxml.html.HtmlElement) -> str:
    """All text inside an element, block boundaries and <br> read as spaces, collapsed."""
    return collapse("".join(_flat_parts(element)))


def _flat_parts(element: lxml.html.HtmlElement) -> list[str]:
    parts = [element.text or ""]
    for child in element:
        tag = tag_of(child)
        boundary = " " if tag in BLOCK_TAGS or tag == "br" else ""
        parts += [boundary, *(_flat_parts(child) if tag else []), boundary, child.tail or ""]
    return parts


def _rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [tr for tr in table.iter("tr") if _table_of(tr) is table]


def _table_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    return next(element.iterancestors("table"), None)


def is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """A table used for page layout or as a box rather than to tabulate data."""
    inner = {tag_of(e) for e in table.iterdescendants()}
    if "table" in inner or inner & set(HEADING_TAGS):
        return True
    return all(sum(1 for c in tr if tag_of(c) in CELL_TAGS) <= 1 for tr in _rows(table))


class TextWriter:
    """Walks content elements and writes the normalised lines."""

    def __init__(self, start_after: lxml.html.HtmlElement | None = None) -> None:
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._prefix: str | None = None
        self._start_after = start_after
        self._started = start_after is None

    def text(self) -> str:
        self.flush()
        return "\n".join(self.lines)

    def emit(self, line: str, heading: bool = False) -> None:
        line = collapse(line)
        if not self._started or _MARKERS_ONLY.match(line):
            return
        if self._prefix and not heading:
            line, self._prefix = self._prefix + line, None
        self.lines.append(line)

    def flush(self) -> None:
        if self._buffer:
            self.emit("".join(self._buffer))
        self._buffer = []

    def add(self, text: str | None) -> None:
        if text and self._started:
            self._buffer.append(text)

    def walk(self, element: lxml.html.HtmlElement) -> None:
        tag = tag_of(element)
        if element is self._start_after:
            self.flush()
            self._started = True
        elif tag in HEADING_TAGS:
            self.flush()
            self.emit("#" * int(tag[1]) + " " + flat_text(element), heading=True)
        elif tag == "table" and not is_layout_table(element):
            self.flush()
            for row in _rows(element):
                self.emit(" | ".join(flat_text(c) for c in row if tag_of(c) in CELL_TAGS))
        elif tag == "br":
            self.add(" ")
        elif tag == "li":
            self.flush()
            self._prefix = "- "
            self._children(element)
            self.flush()
            self._prefix = None
        elif tag in BLOCK_TAGS:
            self.flush()
            self._children(element)
            self.flush()
        elif tag:
            self._children(element)

    def _children(self, element: lxml.html.HtmlElement) -> None:
        self.add(element.text)
        for child in element:
            self.walk(child)
            self.add(child.tail)
