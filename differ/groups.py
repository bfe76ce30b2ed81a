"""Identical edits across chapters, grouped so each is reviewed once.

An edit is one contiguous change as people read it (the words removed and added at one place
of a replaced line, or a whole inserted or deleted line; moves are not edits). The same edit
(same words removed, same words added) or the same link change made in at least two chapters
becomes one group listing the chapters, most widespread first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from differ.models import ChapterDiff, Edit, EditGroup, Line, LinkChange


def _replaced(line: Line) -> Iterator[Edit]:
    removed: list[str] = []
    added: list[str] = []
    for op in [*line.ops, None]:
        if op is None or op.kind == "equal":
            if removed or added:
                yield Edit(" ".join(removed), " ".join(added), line.path)
            removed, added = [], []
        elif op.kind == "delete":
            removed.append(op.text)
        else:
            added.append(op.text)


def edits_of(diff: ChapterDiff) -> list[Edit]:
    """The diff's edits in page order."""
    edits: list[Edit] = []
    for line in diff.lines:
        if line.kind == "replace":
            edits.extend(_replaced(line))
        elif line.kind == "insert":
            edits.append(Edit("", line.ops[0].text, line.path))
        elif line.kind == "delete":
            edits.append(Edit(line.ops[0].text, "", line.path))
    return edits


def _link_key(change: LinkChange) -> tuple[str, str]:
    if change.kind == "retargeted":
        return f"{change.text} <{change.old_url}>", f"{change.text} <{change.url}>"
    if change.kind == "relabelled":
        return f"{change.old_text} <{change.url}>", f"{change.text} <{change.url}>"
    link = f"{change.text} <{change.url}>"
    return (link, "") if change.kind == "removed" else ("", link)


def group_edits(diffs: Mapping[str, ChapterDiff],
                links: Mapping[str, Sequence[LinkChange]] | None = None,
                min_chapters: int = 2) -> tuple[EditGroup, ...]:
    """Edits and link changes made identically in at least ``min_chapters`` chapters.

    ``diffs`` and ``links`` are keyed by a chapter label (e.g. "1.1.3 Capacity and Consent").
    """
    edits = {chapter: [(e.removed, e.added) for e in edits_of(diff)]
             for chapter, diff in diffs.items()}
    return group_edit_pairs(edits, links, min_chapters)


def group_edit_pairs(edits: Mapping[str, Sequence[tuple[str, str]]],
                     links: Mapping[str, Sequence[LinkChange]] | None = None,
                     min_chapters: int = 2) -> tuple[EditGroup, ...]:
    """`group_edits` from each chapter's (removed, added) edit pairs, e.g. as stored."""
    seen: dict[tuple[str, str, str], list[str]] = {}
    for chapter, pairs in edits.items():
        for removed, added in pairs:
            chapters = seen.setdefault(("text", removed, added), [])
            if chapter not in chapters:
                chapters.append(chapter)
    for chapter, changes in (links or {}).items():
        for change in changes:
            chapters = seen.setdefault(("link", *_link_key(change)), [])
            if chapter not in chapters:
                chapters.append(chapter)
    groups = [EditGroup(removed, added, tuple(chapters), kind)
              for (kind, removed, added), chapters in seen.items()
              if len(chapters) >= min_chapters]
    return tuple(sorted(groups, key=lambda g: -len(g.chapters)))
