"""The phrases a substantive change touched, for a sentence to name: the whole time limit
("within 5 working days"), the whole date ("September 2026"), the number, the duty word.

Works on the words of the minimal word-level diff, like the significance judge: each changed
word is looked up in its line; a number inside a time limit or a date belongs to that phrase,
and a section or item number at the start of a line ("6.", "1.2") is numbering, not a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from differ.models import Finding

Words = Sequence[Sequence[str]]
Changed = Sequence[tuple[str, int, int, str]]  # (sign, line, index, word); sign "−" or "+"

_YEAR = re.compile(r"^\(?\d{4}\W*$")
_DAY = re.compile(r"^\d{1,2}(st|nd|rd|th)?$", re.I)
_NUMBERING = re.compile(r"^(\d+\.)+$|^\d+(\.\d+)+$")
KINDS = ("duty word", "time limit", "date", "number")


def _tidy(text: str) -> str:
    return text.strip().rstrip(".,;:)").lstrip("(")


def date_span(line: Sequence[str], k: int, is_month) -> range | None:
    """Where the date around word `k` lies ('2 March 2026'), or None if `k` is in no date."""
    month = k if is_month(line[k]) else None
    if month is None and _YEAR.match(line[k]) and k > 0 and is_month(line[k - 1]):
        month = k - 1
    if month is None:
        return None
    start = month - 1 if month > 0 and _DAY.match(line[month - 1]) else month
    end = month + 2 if month + 1 < len(line) and _YEAR.match(line[month + 1]) else month + 1
    return range(start, end)


def _numbering(line: Sequence[str], k: int) -> bool:
    return k == 0 and _NUMBERING.match(line[k]) is not None


class PhraseFinder:
    """Collects, per kind and side, the phrases the changed words sit in."""

    def __init__(self, old: Words, new: Words) -> None:
        self.sides = {"−": old, "+": new}
        self.found: dict[str, dict[str, list[str]]] = {k: {"−": [], "+": []} for k in KINDS}

    def add(self, kind: str, sign: str, line: int, span: range) -> None:
        words = self.sides[sign][line]
        phrase = _tidy(" ".join(words[i] for i in span))
        if phrase and phrase not in self.found[kind][sign]:
            self.found[kind][sign].append(phrase)

    def findings(self) -> tuple[Finding, ...]:
        out = []
        for kind in KINDS:
            removed, added = self.found[kind]["−"], self.found[kind]["+"]
            same = set(removed) & set(added)
            removed = [p for p in removed if p not in same]
            added = [p for p in added if p not in same]
            if removed or added:
                out.append(Finding(kind, tuple(removed), tuple(added)))
        return tuple(out)


def find_phrases(changed: Changed, old: Words, new: Words, limits, category) -> tuple[Finding, ...]:
    """The phrases of each kind that changed words sit in. `limits(sign, line)` gives the
    time-limit spans of a line, `category(word)` the significance category of a word."""
    finder = PhraseFinder(old, new)
    for sign, line, index, word in changed:
        words = finder.sides[sign][line]
        covered = False
        for span in limits(sign, line):
            if index in span:
                finder.add("time limit", sign, line, span)
                covered = True
        kind = category(word)
        span = date_span(words, index, lambda w: category(w) == "dates")
        if span is not None:
            finder.add("date", sign, line, span)
            covered = True
        if kind == "duty words":
            finder.add("duty word", sign, line, range(index, index + 1))
        elif kind == "numbers" and not covered and not _numbering(words, index):
            finder.add("number", sign, line, range(index, index + 1))
    return finder.findings()
