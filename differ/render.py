"""Renderings of a ChapterDiff for people: unified text, inline HTML and a summary.

Unchanged lines are collapsed to ``context`` lines either side of each change. Text marks
words as ``[-removed-]`` and ``{+added+}``; inline HTML escapes all page text and marks words
with ``<del>`` and ``<ins>``. A moved paragraph shows where it left ("moved to …") and where
it arrived ("moved from …").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape

from differ.models import ChapterDiff, Line, Op
from differ.wording import updated_sentence

CONTEXT = 2
PATH_SEPARATOR = " › "
_TEXT_PREFIX = {"equal": "  ", "delete": "- ", "insert": "+ ", "replace": "~ ", "moved": "< ",
                "move": "> "}
_TEXT_MARKS = {"equal": ("", ""), "delete": ("[-", "-]"), "insert": ("{+", "+}")}
HTML_TAGS = {
    "delete": '<del style="background:#fde2e2;color:#8a1010">',
    "insert": '<ins style="background:#dcf5dc;color:#0b5a0b">',
}
HTML_CLOSE = {"delete": "</del>", "insert": "</ins>"}
NO_CHANGES = "No changes."

Segment = Line | int  # a line to show, or a count of hidden equal lines


def segments(lines: Sequence[Line], context: int) -> Iterator[Segment]:
    """The lines to show, runs of hidden equal lines replaced by their count."""
    changed = [i for i, line in enumerate(lines) if line.kind != "equal"]
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


def unchanged(count: int) -> str:
    return f"{count} unchanged line{'' if count == 1 else 's'}"


def move_note(line: Line) -> str:
    """'moved to 3. Key Principles › 3.2 Placements' (or 'moved from …'), else ''."""
    where = PATH_SEPARATOR.join(line.other)
    if line.kind == "moved":
        return f"moved to {where}"
    if line.kind == "move":
        return f"moved from {where}"
    return ""


def _text_line(line: Line) -> str:
    if line.kind != "replace":
        body = " ".join(op.text for op in line.ops)
        note = move_note(line)
        return _TEXT_PREFIX[line.kind] + body + (f"  ({note})" if note else "")
    marked = (_TEXT_MARKS[op.kind][0] + op.text + _TEXT_MARKS[op.kind][1] for op in line.ops)
    return _TEXT_PREFIX[line.kind] + " ".join(marked)


def render_text(diff: ChapterDiff, context: int = CONTEXT) -> str:
    """Unified text: '- ' deleted, '+ ' inserted, '~ ' changed, '< '/'> ' moved, '  ' context."""
    if not diff.changed and not diff.words_moved:
        return NO_CHANGES + "\n"
    out = []
    for segment in segments(diff.lines, context):
        if isinstance(segment, int):
            out.append(f"@@ {unchanged(segment)} @@")
        else:
            out.append(_text_line(segment))
    return "\n".join(out) + "\n"


def html_op(op: Op) -> str:
    if op.kind == "equal":
        return escape(op.text)
    return HTML_TAGS[op.kind] + escape(op.text) + HTML_CLOSE[op.kind]


def html_note(line: Line) -> str:
    note = move_note(line)
    return f' <span class="mw-note" style="color:#555">({escape(note)})</span>' if note else ""


def render_html(diff: ChapterDiff, context: int = CONTEXT) -> str:
    """Inline HTML fragment: one <p> per shown line, <del>/<ins> around changed words."""
    if not diff.changed and not diff.words_moved:
        return f'<div class="mw-diff"><p class="mw-nochange">{NO_CHANGES}</p></div>'
    out = ['<div class="mw-diff" style="overflow-wrap:anywhere">']
    for segment in segments(diff.lines, context):
        if isinstance(segment, int):
            out.append(f'<p class="mw-skip" style="color:#666">… {unchanged(segment)} …</p>')
        else:
            body = " ".join(html_op(op) for op in segment.ops)
            out.append(f'<p class="mw-line mw-{segment.kind}">{body}{html_note(segment)}</p>')
    out.append("</div>")
    return "\n".join(out)


def _significance_sentence(diff: ChapterDiff) -> str:
    level, reasons = diff.significance.level, diff.significance.reasons
    if level == "substantive":
        return f" Substantive change ({'; '.join(reasons)})."
    if level == "minor":
        return " Minor change (punctuation or case only)."
    return ""


def summary(diff: ChapterDiff, title: str = "") -> str:
    """'Section 3, Key Principles, was updated (+42 / −7 words).' plus what makes it matter."""
    moved = sum(1 for line in diff.lines if line.kind == "move")
    moved_sentence = f" {moved} paragraph{'' if moved == 1 else 's'} moved." if moved else ""
    if not diff.changed:
        return (NO_CHANGES if not moved else moved_sentence.strip())
    sentence = updated_sentence(diff.sections, diff.words_added, diff.words_removed,
                                (title,) if title else ())
    return sentence + _significance_sentence(diff) + moved_sentence
