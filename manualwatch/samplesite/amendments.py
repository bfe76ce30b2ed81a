"""The publisher's amendments lists (data/editions/<N>/AMENDMENTS.md) and their merge by month.

Format of AMENDMENTS.md:
    # any title line
    Next update: December 2026
    ## June 2026                      a month heading
    ### New Chapters                  or "Updated Chapters" / "Removed Chapters"
    - [Title](slug) | details         an entry linking to an on-site page
    - Title | details                 an entry without a link (removed chapters)
Other lines are ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from manualwatch.samplesite.contents import DataError

KINDS = {"New Chapters": "new", "Updated Chapters": "updated", "Removed Chapters": "removed"}
_LINKED = re.compile(r"^- \[(?P<title>[^\]]+)\]\((?P<slug>[a-z0-9-]+)\) \| (?P<details>.+)$")
_PLAIN = re.compile(r"^- (?P<title>[^|]+?) \| (?P<details>.+)$")


@dataclass(frozen=True)
class AmendmentEntry:
    """One line of the publisher's amendments list."""

    month: dt.date  # first day of the month it is listed under
    kind: str  # "new" | "updated" | "removed"
    title: str
    slug: str | None  # None when the entry carries no link
    details: str

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}"


@dataclass(frozen=True)
class AmendmentsList:
    entries: tuple[AmendmentEntry, ...]
    next_update: str | None


def _month(label: str, where: str) -> dt.date:
    try:
        return dt.datetime.strptime(label.strip(), "%B %Y").date()
    except ValueError as exc:
        raise DataError(f"bad month heading {label!r}", where) from exc


def _entry(line: str, month: dt.date | None, kind: str | None, where: str) -> AmendmentEntry:
    if month is None or kind is None:
        raise DataError(f"entry outside a month/kind heading: {line!r}", where)
    linked = _LINKED.match(line)
    if linked:
        return AmendmentEntry(month, kind, linked["title"], linked["slug"], linked["details"])
    plain = _PLAIN.match(line)
    if plain is None:
        raise DataError(f"bad entry {line!r}", where)
    return AmendmentEntry(month, kind, plain["title"], None, plain["details"])


def parse_amendments(text: str, where: str = "") -> AmendmentsList:
    """Parse one AMENDMENTS.md."""
    month: dt.date | None = None
    kind: str | None = None
    entries: list[AmendmentEntry] = []
    next_update = None
    for line in text.splitlines():
        if line.startswith("Next update:"):
            next_update = line.partition(":")[2].strip()
        elif line.startswith("### "):
            kind = KINDS.get(line[4:].strip())
            if kind is None:
                raise DataError(f"unknown kind heading {line!r}", where)
        elif line.startswith("## "):
            month, kind = _month(line[3:], where), None
        elif line.startswith("- "):
            entries.append(_entry(line, month, kind, where))
    return AmendmentsList(tuple(entries), next_update)


def load_amendments(path: Path) -> AmendmentsList:
    return parse_amendments(path.read_text(encoding="utf-8"), str(path.name))


def by_month(entries: list[AmendmentEntry]) -> list[tuple[dt.date, list[AmendmentEntry]]]:
    """Entries grouped by month, newest month first, listing order kept inside a month."""
    months: dict[dt.date, list[AmendmentEntry]] = {}
    for entry in entries:
        months.setdefault(entry.month, []).append(entry)
    return sorted(months.items(), key=lambda item: item[0], reverse=True)
