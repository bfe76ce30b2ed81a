"""A manual's own Amendments page (either tri.x generation) -> the entries the publisher lists.

Read from the page's normalised text (crawler.extract), so the same parser serves a page just
fetched and the text the store kept of it:
- classic: "## October 2024" month headings, "### New Chapters" / "### Updated Chapters" /
  "### Removed Chapters" (also "... and Features"), tables "Chapter Name | Details" and
  removed chapters as a bullet list;
- current: "## 2026" year headings, "### January 2026" month headings, rows
  "Title | Details" with no kind headings: the wording tells a new chapter from an update.
A row whose title cell is empty keeps an empty title; the caller may match its details to a
chapter's own amendment sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.dates import MONTH_YEAR, MONTHS
from crawler.extract import extract_chapter

_KIND_HEADINGS = {"new": "new", "updated": "updated", "removed": "removed", "deleted": "removed"}
_KIND_HEADING = re.compile(r"^(new|updated|removed|deleted)\s+(chapters|procedures|pages)\b", re.I)
_TABLE_HEADER = re.compile(r"^chapter (name|title)\s*\|\s*details$", re.I)
_YEAR = re.compile(r"^(19|20)\d{2}$")
_SUBJECT = r"(?:this|the) (?:chapter|procedure|policy|guidance|list)"
_NEW_WORDING = re.compile(
    rf"\b(?:{_SUBJECT} (?:was|has been) (?:added|introduced)|added to the (?:\w+ )?manual"
    r"|is a new (?:chapter|procedure|policy))\b", re.I)
_REMOVED_WORDING = re.compile(
    rf"\b(?:{_SUBJECT} (?:was|has been) (?:removed|deleted|withdrawn)|removed from the)\b", re.I)
_PAGE_NAMES = {"amendments", "amendments.html", "amendments.htm"}


@dataclass(frozen=True)
class ListedAmendment:
    """One entry of the publisher's Amendments page."""

    month: str  # 'YYYY-MM', the month heading it is listed under
    kind: str  # new | updated | removed (from its table heading, else from its wording)
    title: str  # '' when the title cell is empty
    details: str  # '' for a removed chapter listed as a bullet

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two listings the same entry (whitespace and case aside)."""
        return (self.month, self.kind, fold(self.title), fold(self.details))


def fold(text: str) -> str:
    """Text compared loosely: case-folded, whitespace collapsed, quotes and dashes unified."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(text.casefold().split())


def is_amendments_page(url: str, title: str) -> bool:
    """True for the manual's own Amendments page (listed on the contents like a chapter)."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].casefold()
    return last in _PAGE_NAMES or fold(title) == "amendments"


def _month(text: str) -> str | None:
    found = MONTH_YEAR.fullmatch(text.strip())
    if not found:
        return None
    return f"{int(found['year']):04d}-{MONTHS[found['month'].lower()]:02d}"


def _kind_from_wording(details: str) -> str:
    if _NEW_WORDING.search(details):
        return "new"
    if _REMOVED_WORDING.search(details):
        return "removed"
    return "updated"


@dataclass
class _Reader:
    month: str | None = None
    kind: str | None = None

    def heading(self, text: str) -> None:
        month = _month(text)
        kind = _KIND_HEADING.match(text)
        if month:
            self.month, self.kind = month, None
        elif kind:
            self.kind = _KIND_HEADINGS[kind.group(1).lower()]
        elif _YEAR.match(text):
            self.month, self.kind = None, None

    def entry(self, line: str) -> ListedAmendment | None:
        if self.month is None:
            return None
        if line.startswith("- "):
            if self.kind != "removed":
                return None
            return ListedAmendment(self.month, "removed", line[2:].strip(), "")
        if " | " not in line and not line.startswith("| ") or _TABLE_HEADER.match(line):
            return None
        title, _, details = line.partition("|")
        title, details = title.strip(), details.strip()
        kind = self.kind or _kind_from_wording(details)
        return ListedAmendment(self.month, kind, title, details)


def parse_amendments_text(text: str) -> tuple[ListedAmendment, ...]:
    """The entries of an Amendments page's normalised text, in page order."""
    reader = _Reader()
    entries: list[ListedAmendment] = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("#"):
            reader.heading(line.lstrip("#").strip())
            continue
        if _month(line):  # a table caption repeating the month heading
            continue
        entry = reader.entry(line)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def parse_amendments_html(html: str | bytes, url: str) -> tuple[ListedAmendment, ...]:
    """The entries of an Amendments page as fetched."""
    return parse_amendments_text(extract_chapter(html, url).text)


def appeared(before: tuple[ListedAmendment, ...], after: tuple[ListedAmendment, ...]
             ) -> tuple[ListedAmendment, ...]:
    """Entries of `after` not in `before` (each listing counted once per occurrence)."""
    remaining: dict[tuple[str, str, str, str], int] = {}
    for entry in before:
        remaining[entry.key] = remaining.get(entry.key, 0) + 1
    new: list[ListedAmendment] = []
    for entry in after:
        if remaining.get(entry.key, 0):
            remaining[entry.key] -= 1
        else:
            new.append(entry)
    return tuple(new)
