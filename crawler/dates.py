"""Dates as publishers write them ("October 28, 2025", "28/10/2025", ...) -> ISO strings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|" \
         r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # October 28, 2025
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 28 October 2025
    re.compile(rf"\b{_YEAR}-(?P<mm>\d{{2}})-(?P<day>\d{{2}})\b"),  # 2025-10-28
    re.compile(rf"\b(?P<day>\d{{1,2}})[/.](?P<mm>\d{{1,2}})[/.]{_YEAR}\b"),  # 28/10/2025
)
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s*,?\s+{_YEAR}\b", re.I)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: its ISO form and where it stood."""

    iso: str
    start: int
    end: int


def _iso(match: re.Match[str]) -> str | None:
    found = match.groupdict()
    month = MONTHS[found["month"].lower()] if found.get("month") else int(found["mm"])
    try:
        return dt.date(int(found["year"]), month, int(found["day"])).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> DateMatch | None:
    """The first full date (day, month, year) in `text`, or None."""
    best: DateMatch | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso and (best is None or match.start() < best.start):
                best = DateMatch(iso, match.start(), match.end())
                break
    return best


def parse_date(text: str) -> str | None:
    """The ISO form of the first full date in `text`, or None."""
    found = find_date(text)
    return found.iso if found else None
