"""How much a change matters: substantive, minor or normal.

Substantive: a changed word is a number, a date (a month name or a numeric date), a duty word
(must, should, may, shall) or part of a time limit ("within 10 days"). Minor: the two texts
have the same words once case and punctuation are ignored. Anything else that changed is
normal. Judged on the words of the minimal word-level diff.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from differ.counting import OLD, WordChange
from differ.models import Significance
from differ.phrases import find_phrases

DUTY_WORDS = frozenset({"must", "should", "may", "shall"})
MONTHS = frozenset("january february march april may june july august september october "
                   "november december".split()) - {"may"}
_NUMBER = re.compile(r"^\W*[£$€]?\d[\d,.:/%-]*(?:st|nd|rd|th|s|am|pm)?\W*$", re.I)
_NUMERIC_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\W*$")
_TIME_LIMIT = re.compile(r"\bwithin (\S+ ){0,2}?(\d+|one|two|three|five|seven|ten|\w+teen) "
                         r"(working |calendar |school )?(hours?|days?|weeks?|months?)\b", re.I)
_BARE = re.compile(r"[^\w]+")
Words = Sequence[Sequence[str]]


def _bare(word: str) -> str:
    return _BARE.sub("", word).casefold()


def _changed_words(changes: Iterable[WordChange], old: Words, new: Words
                   ) -> list[tuple[str, int, int, str]]:
    """(sign, line, index, word) of every deleted ("−") and inserted ("+") word."""
    out = []
    for change in changes:
        source, sign = (old, "−") if change.side == OLD else (new, "+")
        for k in range(change.start, change.start + change.words):
            out.append((sign, change.line, k, source[change.line][k]))
    return out


def time_limit_spans(line: Sequence[str]) -> list[range]:
    """Where each time limit ('within 10 working days') lies among a line's words."""
    text = " ".join(line)
    if "within" not in text.lower():
        return []
    spans = []
    for match in _TIME_LIMIT.finditer(text):
        first = text[: match.start()].count(" ")
        spans.append(range(first, first + match.group(0).count(" ") + 1))
    return spans


def _time_limit_words(line: Sequence[str]) -> set[int]:
    return {i for span in time_limit_spans(line) for i in span}


def _category(word: str) -> str | None:
    bare = _bare(word)
    if bare in DUTY_WORDS:
        return "duty words"
    if bare in MONTHS or _NUMERIC_DATE.match(word):
        return "dates"
    if _NUMBER.match(word):
        return "numbers"
    return None


def _reasons(changed: list[tuple[str, int, int, str]], old: Words, new: Words) -> tuple[str, ...]:
    found: dict[str, list[str]] = {}
    limits: dict[tuple[str, int], set[int]] = {}
    for sign, line, index, word in changed:
        category = _category(word)
        if (sign, line) not in limits:
            limits[sign, line] = _time_limit_words((old if sign == "−" else new)[line])
        if index in limits[sign, line]:
            found.setdefault("time limit", []).append(sign + word)
        if category:
            found.setdefault(category, []).append(sign + word)
    order = ("duty words", "time limit", "numbers", "dates")
    return tuple(f"{name}: {' '.join(dict.fromkeys(found[name]))}" for name in order
                 if name in found)


def _same_ignoring_case_and_punctuation(changed: list[tuple[str, int, int, str]], old: Words,
                                        new: Words) -> bool:
    removed = Counter(b for sign, *_, word in changed if sign == "−" and (b := _bare(word)))
    added = Counter(b for sign, *_, word in changed if sign == "+" and (b := _bare(word)))
    if removed != added:
        return False

    def bare(lines: Words) -> list[str]:
        return [b for line in lines for b in map(_bare, line) if b]

    return bare(old) == bare(new)


def judge(changes: Sequence[WordChange], old: Words, new: Words) -> Significance:
    """The significance of a diff's word changes."""
    if not changes:
        return Significance()
    changed = _changed_words(changes, old, new)
    reasons = _reasons(changed, old, new)
    if reasons:
        spans: dict[tuple[str, int], list[range]] = {}

        def limits(sign: str, line: int) -> list[range]:
            if (sign, line) not in spans:
                spans[sign, line] = time_limit_spans((old if sign == "−" else new)[line])
            return spans[sign, line]

        findings = find_phrases(changed, old, new, limits, _category)
        return Significance("substantive", reasons, findings)
    if _same_ignoring_case_and_punctuation(changed, old, new):
        return Significance("minor", ("punctuation or case only",))
    return Significance("normal")
