"""Reading a tri.x contents page (classic or current generation) into ChapterRefs.

The page is read from its visible structure, not its class names: leaf blocks in
document order (see crawler.blocks), where
- "1. All Children" (a lone number) opens a section;
- "1.1" alone, followed by a title block, names a group (a linked title is also a
  chapter numbered "1.1");
- a block starting "1.1.3" (the number may sit in its own cell or span) that carries
  a link is a chapter row; without a link it is a group heading.
Unnumbered rows ("See also:", quick links, furniture) are ignored. Every numbered row
is kept, so one chapter listed under several numbers appears once per number.
"""

from __future__ import annotations

import dataclasses
import re

import lxml.html

from crawler.blocks import NUMBER_START, Block, Link, linearize
from crawler.clean import clean_value
from crawler.dates import find_date, parse_date
from crawler.fetcher import host_of
from crawler.htmltree import parse_html, text_of
from crawler.models import ChapterRef, Contents

FLAGS = {"updated": "Updated", "new": "New"}
NOTE = re.compile(r"\((intranet link|gov\.uk|external (?:link|site)|pdf|nice)\)", re.I)
LAST_UPDATED = re.compile(r"\blast (?:updated|amended)\b:?\s*(.*)", re.I)
_TRAILING_JUNK = re.compile(r"[\s\-\u2013\u2014|,:;]+$")
_EMPTY_BRACKETS = re.compile(r"[(\[]\s*[)\]]")
_LEADING_JUNK = re.compile(r"^[\s\-\u2013\u2014|,:;]+")


def _same_site(host: str, known: set[str]) -> bool:
    bare = host.removeprefix("www.")
    return any(bare == k.removeprefix("www.") for k in known)


def _strip_date(text: str) -> str:
    found = find_date(text)
    if found:
        text = text[:found.start] + " " + text[found.end:]
        text = _EMPTY_BRACKETS.sub(" ", text)
    return " ".join(text.split())


def _clean_title(text: str, separate_flag: str | None) -> str:
    """Link text without its number, date, note, or a flag that stood apart."""
    text = NUMBER_START.sub("", text.strip(), count=1)
    text = NOTE.sub(" ", _strip_date(text))
    text = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", " ".join(text.split())))
    if separate_flag and text.lower().endswith(" " + separate_flag.lower()):
        text = _TRAILING_JUNK.sub("", text[: -len(separate_flag)])
    return text


def _flag(block: Block) -> str | None:
    """An "Updated"/"New" label: a text piece of its own, or the row's trailing word."""
    for piece in block.pieces:
        word = piece.strip().lower()
        if word in FLAGS:
            return FLAGS[word]
    rest = NOTE.sub(" ", _strip_date(block.text)).split()
    last = rest[-1].lower() if rest else ""
    linked = block.links[0].text.split() if block.links else []
    if last in FLAGS and (not linked or linked[-1].lower() != last):
        return FLAGS[last]
    return None


def _chapter_link(block: Block) -> Link | None:
    named = [link for link in block.links if link.text]
    return named[0] if named else (block.links[0] if block.links else None)


@dataclasses.dataclass
class _Reader:
    """The state of one pass over a contents page's blocks."""

    url: str
    known_hosts: set[str]
    section: str = ""
    pending: str | None = None  # a bare number waiting for its title block
    headings: dict[str, str] = dataclasses.field(default_factory=dict)
    refs: list[ChapterRef] = dataclasses.field(default_factory=list)

    def read(self, block: Block) -> None:
        text = block.text
        match = NUMBER_START.match(text)
        if self.pending and not match:
            number, self.pending = self.pending, None
            self.numbered(number, block, text)
            return
        self.pending = None
        if not match:
            return
        number, rest = match.group(1).rstrip("."), text[match.end():].strip()
        if rest:
            self.numbered(number, block, rest)
        else:
            self.pending = number

    def numbered(self, number: str, block: Block, rest: str) -> None:
        link = _chapter_link(block)
        flag = _flag(block)
        title = _clean_title(link.text if link and link.text else rest, flag)
        if "." not in number:
            self.section = f"{number}. {_clean_title(rest, None)}"
            return
        self.headings.setdefault(number, f"{number} {title}")
        if link is None or not title:
            return
        self.refs.append(self.chapter(number, title, link.url, block, flag))

    def chapter(self, number: str, title: str, url: str, block: Block,
                flag: str | None) -> ChapterRef:
        note = NOTE.search(block.text)
        intranet = "intranet link" in block.text.lower()
        offsite = intranet or not _same_site(host_of(url), self.known_hosts)
        return ChapterRef(number=number, title=title, url=url, section=self.section,
                          flag=flag, date=parse_date(block.text), offsite=offsite,
                          note=note.group(0) if note else "")


def _with_groups(refs: list[ChapterRef], headings: dict[str, str]) -> list[ChapterRef]:
    """Each ref's group: its parent number's heading, or its own if it heads a group."""
    numbers = [ref.number or "" for ref in refs]
    grouped = []
    for ref in refs:
        number = ref.number or ""
        parent = number.rsplit(".", 1)[0]
        if "." in parent and parent in headings:
            group = headings[parent]
        elif any(other.startswith(number + ".") for other in numbers):
            group = headings.get(number, "")
        else:
            group = ""
        grouped.append(dataclasses.replace(ref, group=group))
    return grouped


def _unique(refs: list[ChapterRef]) -> tuple[ChapterRef, ...]:
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for ref in refs:
        if (ref.number, ref.url) not in seen:
            seen.add((ref.number, ref.url))
            kept.append(ref)
    return tuple(kept)


def _page_title(root: lxml.html.HtmlElement) -> str:
    for heading in root.iter("h1"):
        if text_of(heading):
            return text_of(heading)
    title = root.find(".//title")
    return text_of(title) if title is not None else ""


def _last_updated(blocks: list[Block]) -> str | None:
    for block in reversed(blocks):
        match = LAST_UPDATED.search(block.text)
        if match and parse_date(match.group(1)):
            return parse_date(match.group(1))
    return None


def parse_contents(html: str | bytes, url: str,
                   hosts: frozenset[str] = frozenset()) -> Contents:
    """The chapter rows of a contents page, in page order.

    `hosts` are further host names that count as the manual's own (besides the
    contents page's host); links elsewhere, and "(intranet link)" rows, are off-site.
    """
    root = parse_html(html)
    blocks = linearize(root, url)
    reader = _Reader(url, {host_of(url), *(h.lower() for h in hosts)})
    for block in blocks:
        reader.read(block)
    refs = _unique(_with_groups(reader.refs, reader.headings))
    return clean_value(Contents(url=url, title=_page_title(root), refs=refs,
                                last_updated=_last_updated(blocks)))
