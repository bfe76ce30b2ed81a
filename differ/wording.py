"""How changes are worded for people, the way tri.x editors write amendment notes.

"Section 3, Key Principles, was updated (+42 / −7 words)." The same labels and count phrase
serve the differ's summaries and the notifier's Details sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

MAX_LISTED_SECTIONS = 3
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s+(.*))?$")
_APPENDIX = re.compile(r"^(appendix\s+\S+?)\s*[:.\-–]?\s+(.+)$", re.I)
_NOTE_HEADINGS = {"amendment", "amendments", "amendment note"}
MINUS = "−"


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def section_label(section: str, titles: Iterable[str] = ()) -> str:
    """A heading as a sentence names it: 'Section 3, Key Principles,', 'the opening text'.

    Text before the first heading (filed under the chapter's title, one of ``titles``) is
    'the opening text'; an Amendment heading is 'the Amendment note'.
    """
    text = _squeezed(section)
    if text in {_squeezed(t) for t in titles}:
        return "the opening text"
    if text.rstrip(":").casefold() in _NOTE_HEADINGS:
        return "the Amendment note"
    numbered = _NUMBERED.match(text)
    if numbered:
        number, rest = numbered.groups()
        return f"Section {number}, {rest}," if rest else f"Section {number}"
    appendix = _APPENDIX.match(text)
    if appendix:
        return f"{appendix.group(1)[0].upper()}{appendix.group(1)[1:]}, {appendix.group(2)},"
    if text.casefold().startswith("appendix"):
        return text
    return f"the {text} section"


def and_join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c' (an item's own trailing comma is not doubled)."""
    if len(items) <= 1:
        return "".join(items)
    head = [item.rstrip(",") for item in items[:-2]] + [items[-2]]
    return ", ".join(head) + " and " + items[-1]


def count_phrase(added: int, removed: int) -> str:
    """'+42 / −7 words', '+37 words', '−7 words', or '' when nothing was added or removed."""
    if added and removed:
        return f"+{added} / {MINUS}{removed} words"
    if added:
        return f"+{added} word{'' if added == 1 else 's'}"
    if removed:
        return f"{MINUS}{removed} word{'' if removed == 1 else 's'}"
    return ""


def _listed(labels: list[str]) -> list[str]:
    if len(labels) > MAX_LISTED_SECTIONS:
        shown = MAX_LISTED_SECTIONS - 1
        return labels[:shown] + [f"{len(labels) - shown} other sections"]
    return labels


def updated_sentence(sections: Sequence[str], added: int, removed: int,
                     titles: Iterable[str] = ()) -> str:
    """'Section 3, Key Principles, was updated (+42 / −7 words).'"""
    titles = tuple(titles)
    labels = _listed(list(dict.fromkeys(section_label(s, titles) for s in sections)))
    if labels:
        subject = and_join(labels)
        verb = "was" if len(labels) == 1 else "were"
        sentence = f"{subject[0].upper()}{subject[1:]} {verb} updated"
    else:
        sentence = "The chapter's text was updated"
    counts = count_phrase(added, removed)
    return sentence + (f" ({counts})." if counts else ".")
