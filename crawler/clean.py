"""Text from the web cleaned once, at the edge: no control characters, no bidi overrides.

Everything the crawler hands on (titles, chapter text, link labels and targets, notes)
passes through here, so the store, feeds (XML cannot hold most C0 characters), HTML, email
and terminal output can trust it. Line structure is kept: the normalised text stays one
block per line, each line's whitespace collapsed as before.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

# C0 controls other than tab and newline (those are whitespace the text already collapses),
# DEL, C1 controls, and the bidirectional embeddings, overrides and isolates
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
T = TypeVar("T")


def clean_line(text: str) -> str:
    """One line of text: unsafe characters removed, whitespace collapsed."""
    return " ".join(UNSAFE.sub("", text).split())


def clean_text(text: str) -> str:
    """Normalised text (one block per line): each line cleaned, lines left empty dropped."""
    lines = (clean_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_value(value: T) -> T:
    """A string, a tuple of them (nested), a dataclass of them, or None, cleaned."""
    if isinstance(value, str):
        return clean_text(value) if "\n" in value else clean_line(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(clean_value(v) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: clean_value(getattr(value, f.name)) for f in fields(value)}
        return replace(value, **changes)  # type: ignore[return-value]
    return value
