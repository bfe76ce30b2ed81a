"""Renderings of a ChapterDiff for people: plain text, HTML and a one-sentence summary.

Unchanged lines are collapsed to ``context`` lines either side of each change. Text marks
words as ``[-removed-]`` and ``{+added+}``; HTML escapes all text and marks words with
``<del>`` and ``<ins>``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape

from differ.models import ChapterDiff, Op

CONTEXT = 2
_TEXT_PREFIX = {"equal": "  ", "delete": "- ", "insert": "+ ", "replace": "~ "}
_TEXT_MARKS = {"equal": ("", ""), "delete": ("[-", "-]"), "insert": ("{+", "+}")}
_HTML_TAGS = {
    "delete": '<del style="background:#fde2e2;color:#8a1010">',
    "insert": '<ins style="background:#dcf5dc;color:#0b5a0b">',
}
_HTML_CLOSE = {"delete": "</del>", "insert": "</ins>"}
_NO_CHANGES = "No changes."

Segment = tuple[str, tuple[Op, ...]] | int  # a line to show, or a count of hidden equal lines


def _segments(lines: Sequence[tuple[str, tuple[Op, ...]]], context: int) -> Iterator[Segment]:
    changed = [i for i, (kind, _) in enumerate(lines) if kind != "equal"]
    shown = {i for c in changed for i in range(c - context, c + context + 1)}
    hidden = 0
    for i, line in enumerate(lines):
        if i in shown:
            if hidden:
                yield hidden
            hidden = 0
            yield line
        else:
            hidden += 1
    if hidden:
        yield hidden


def _unchanged(count: int) -> str:
    return f"{count} unchanged line{'' if count == 1 else 's'}"


def _text_line(kind: str, ops: tuple[Op, ...]) -> str:
    if kind != "replace":
        return _TEXT_PREFIX[kind] + " ".join(op.text for op in ops)
    marked = (_TEXT_MARKS[op.kind][0] + op.text + _TEXT_MARKS[op.kind][1] for op in ops)
    return _TEXT_PREFIX[kind] + " ".join(marked)


def render_text(diff: ChapterDiff, context: int = CONTEXT) -> str:
    """A unified-style text: '- ' deleted, '+ ' inserted, '~ ' changed, '  ' context lines."""
    if not diff.changed:
        return _NO_CHANGES + "\n"
    out = []
    for segment in _segments(diff.lines, context):
        if isinstance(segment, int):
            out.append(f"@@ {_unchanged(segment)} @@")
        else:
            out.append(_text_line(*segment))
    return "\n".join(out) + "\n"


def _html_op(op: Op) -> str:
    if op.kind == "equal":
        return escape(op.text)
    return _HTML_TAGS[op.kind] + escape(op.text) + _HTML_CLOSE[op.kind]


def render_html(diff: ChapterDiff, context: int = CONTEXT) -> str:
    """An HTML fragment: one <p> per shown line, <del>/<ins> around changed words."""
    if not diff.changed:
        return f'<div class="mw-diff"><p class="mw-nochange">{_NO_CHANGES}</p></div>'
    out = ['<div class="mw-diff" style="overflow-wrap:anywhere">']
    for segment in _segments(diff.lines, context):
        if isinstance(segment, int):
            out.append(f'<p class="mw-skip" style="color:#666">… {_unchanged(segment)} …</p>')
        else:
            kind, ops = segment
            body = " ".join(_html_op(op) for op in ops)
            out.append(f'<p class="mw-line mw-{kind}">{body}</p>')
    out.append("</div>")
    return "\n".join(out)


def _listed(names: Sequence[str], limit: int) -> str:
    if len(names) > limit:
        rest = len(names) - limit
        names = [*names[:limit], f"{rest} other section{'' if rest == 1 else 's'}"]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _counts(added: int, removed: int) -> str:
    def words(n: int) -> str:
        return f"{n} word{'' if n == 1 else 's'}"

    if added and removed:
        return f"{words(added)} added, {removed} removed"
    if added:
        return f"{words(added)} added"
    if removed:
        return f"{words(removed)} removed"
    return "no words changed"


def summary(diff: ChapterDiff, max_sections: int = 3) -> str:
    """One sentence, e.g. "Changed in 3. Key Principles: 42 words added, 7 removed."."""
    if not diff.changed:
        return _NO_CHANGES
    counts = _counts(diff.words_added, diff.words_removed)
    if not diff.sections:
        return counts[0].upper() + counts[1:] + "."
    return f"Changed in {_listed(list(diff.sections), max_sections)}: {counts}."
