"""The kinds of change in the order people read them, their headings, and chapter ordering."""

from __future__ import annotations

import re

KIND_ORDER = ("new", "updated", "removed", "renamed", "moved", "renumbered")
KIND_LABELS = {
    "new": "New",
    "updated": "Updated",
    "removed": "Removed",
    "renamed": "Renamed",
    "moved": "Moved",
    "renumbered": "Renumbered",
}
APPENDIX_KINDS = ("new", "updated", "removed", "renamed", "moved")


def kind_heading(kind: str) -> str:
    """'New Chapters', 'Updated Chapters', ... as the tri.x amendments pages head their tables."""
    return f"{KIND_LABELS.get(kind, kind.capitalize())} Chapters"


def number_key(number: str | None, title: str = "") -> tuple:
    """Sort key putting '1.2' before '1.10', unnumbered chapters last, then by title."""
    if not number:
        return (1, (), title.casefold())
    pieces = [p for p in re.split(r"[.\s]+", number) if p]
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pieces)
    return (0, parts, title.casefold())
