"""Document text as chapter text: one line per block ("## heading", "- item", "a | b", text).

The same convention as crawler.text, so the differ, sections and word counts apply unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BULLETS = re.compile(r"^[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2013\-\*\u00b7]\s+")
_SENTENCE_END = re.compile(r"[.:;?!)]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def squeeze(text: str) -> str:
    """Control and bidi characters dropped, whitespace runs as one space, trimmed."""
    return " ".join(_CONTROL.sub(" ", text).split())


def block_line(kind: str, text: str, level: int = 2) -> str:
    """One normalised line: kind is heading | item | row | para (row cells joined by ' | ')."""
    text = squeeze(text)
    if not text:
        return ""
    if kind == "heading":
        return "#" * max(2, min(level, 6)) + " " + text
    if kind == "item":
        return "- " + text
    return text


def join_blocks(lines: Iterable[str]) -> str:
    """Non-empty lines joined by newlines."""
    return "\n".join(line for line in lines if line)


def row_line(cells: Iterable[str]) -> str:
    """A table row: its non-empty cells joined by ' | '."""
    kept = [squeeze(c) for c in cells]
    return " | ".join(c for c in kept if c) if any(kept) else ""


def page_lines(text: str) -> list[str]:
    """Lines of a PDF page's text as blocks: bullets as items, wrapped lines rejoined (a line
    that starts lower-case after one that does not end a sentence continues it)."""
    out: list[str] = []
    for raw in text.splitlines():
        line = squeeze(raw)
        if not line:
            continue
        if BULLETS.match(line):
            out.append(block_line("item", BULLETS.sub("", line)))
        elif out and line[:1].islower() and not _SENTENCE_END.search(out[-1]):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out
