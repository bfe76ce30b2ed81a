"""What the differ says about two versions of a chapter's normalised text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Op:
    """One piece of a diff: kind is "equal", "insert" or "delete"."""

    kind: str
    text: str


@dataclass(frozen=True)
class ChapterDiff:
    words_added: int  # counted on the minimal word-level diff
    words_removed: int
    sections: tuple[str, ...]  # innermost heading text of each changed place, page order, unique
    section_paths: tuple[tuple[str, ...], ...]  # outermost-first path for each entry of sections
    # per output line: ("equal"|"insert"|"delete"|"replace", word ops)
    lines: tuple[tuple[str, tuple[Op, ...]], ...]
    # False when a huge block was cut along similar line pairs or a word diff hit its time
    # limit: counts are then a correct edit, not guaranteed the minimal one
    exact: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.words_added or self.words_removed or self.sections)
