"""What the differ says about two versions of a chapter's normalised text.

One diff model, ``ChapterDiff``: counts and sections from the minimal word-level diff, and a
per-line layout (``Line``) that every rendering (inline HTML, side-by-side HTML, unified text,
JSON) is made from.
"""

from __future__ import annotations

from dataclasses import dataclass

LINE_KINDS = ("equal", "insert", "delete", "replace", "move", "moved")


@dataclass(frozen=True)
class Op:
    """One piece of a line: kind is "equal", "insert" or "delete"; text is its tokens joined
    by single spaces (renderers put one space between consecutive ops)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Line:
    """One output line, in page order.

    kind: "equal" (in both), "delete" (old only), "insert" (new only), "replace" (an old line
    and a similar new one, with word ops), "move" (an unchanged paragraph arriving here from
    old line ``old``) or "moved" (where an unchanged paragraph left, for new line ``new``).
    ``old`` / ``new`` are line indexes in the old / new text. ``path`` is the section path the
    line sits in (the new text's, or the old one's for "delete"/"moved"); for a move, ``other``
    is the path at its other end. ``row`` marks a table row compared cell by cell.
    """

    kind: str
    ops: tuple[Op, ...]
    old: int | None = None
    new: int | None = None
    path: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    row: bool = False

    def old_text(self) -> str | None:
        """The line as the old text had it (None if it is not an old line here)."""
        if self.kind in ("insert", "move"):
            return None
        return " ".join(op.text for op in self.ops if op.kind != "insert" and op.text)

    def new_text(self) -> str | None:
        """The line as the new text has it (None if it is not a new line here)."""
        if self.kind in ("delete", "moved"):
            return None
        return " ".join(op.text for op in self.ops if op.kind != "delete" and op.text)


@dataclass(frozen=True)
class SectionCount:
    """Words added and removed under one heading; ``path`` outermost first."""

    path: tuple[str, ...]
    added: int
    removed: int

    @property
    def section(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Significance:
    """"substantive" (a number, date or duty word changed), "minor" (punctuation or case
    only), "normal" (other words) or "none"; ``reasons`` name what made it substantive."""

    level: str = "none"
    reasons: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()  # what changed, as phrases a sentence can name


@dataclass(frozen=True)
class Finding:
    """One kind of substantive change as phrases: ``kind`` is "duty word", "time limit",
    "date" or "number"; ``removed`` the old text's phrases, ``added`` the new text's
    ("within 10 working days" -> "within 5 working days")."""

    kind: str
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChapterDiff:
    words_added: int  # counted on the minimal word-level diff
    words_removed: int
    sections: tuple[str, ...]  # innermost heading text of each changed place, page order, unique
    section_paths: tuple[tuple[str, ...], ...]  # outermost-first path for each entry of sections
    lines: tuple[Line, ...]  # every line of both texts once, page order
    # False when a text too large for one exact table was cut into similar line pairs:
    # counts are then a correct edit, not guaranteed the minimal one
    exact: bool = True
    section_counts: tuple[SectionCount, ...] = ()  # one per entry of sections
    significance: Significance = Significance()
    words_moved: int = 0  # words of unchanged paragraphs shown as moved (not added to counts)

    @property
    def changed(self) -> bool:
        return bool(self.words_added or self.words_removed or self.sections)


@dataclass(frozen=True)
class LinkChange:
    """One link difference: kind "added", "removed", "retargeted" (same text, new URL) or
    "relabelled" (same URL, new text)."""

    kind: str
    text: str
    url: str
    old_text: str | None = None
    old_url: str | None = None


@dataclass(frozen=True)
class Edit:
    """One contiguous edit as people read it: words removed and words added at one place."""

    removed: str
    added: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditGroup:
    """The same edit (or link change) made in several chapters, to review once."""

    removed: str
    added: str
    chapters: tuple[str, ...]
    kind: str = "text"  # "text" or "link"
