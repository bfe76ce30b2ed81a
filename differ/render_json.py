"""The JSON rendering of a ChapterDiff: the whole diff model as plain data."""

from __future__ import annotations

from differ.models import ChapterDiff, Line


def _line(line: Line) -> dict:
    return {"kind": line.kind, "old": line.old, "new": line.new, "path": list(line.path),
            "other": list(line.other), "row": line.row,
            "ops": [{"kind": op.kind, "text": op.text} for op in line.ops]}


def diff_json(diff: ChapterDiff, *, all_lines: bool = True) -> dict:
    """Counts, sections with their counts, significance, and every line with its ops.

    Without ``all_lines`` only changed lines are listed.
    """
    lines = [line for line in diff.lines if all_lines or line.kind != "equal"]
    return {
        "words_added": diff.words_added,
        "words_removed": diff.words_removed,
        "words_moved": diff.words_moved,
        "exact": diff.exact,
        "significance": {"level": diff.significance.level,
                         "reasons": list(diff.significance.reasons)},
        "sections": [{"section": s.section, "path": list(s.path), "words_added": s.added,
                      "words_removed": s.removed} for s in diff.section_counts],
        "lines": [_line(line) for line in lines],
    }
