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
from differ.plain import plain_summary
from differ.shapes import HEADING, ITEM, PARAGRAPH, ROW, Shape, shape_of

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


_TEXT_LEAD = {HEADING: "§ ", ITEM: "• "}  # what a reader sees instead of '## ' and '- '


def _text_cell(ops: tuple[Op, ...], marked: bool) -> str:
    if not marked:
        return " ".join(op.text for op in ops)
    return " ".join(_TEXT_MARKS[op.kind][0] + op.text + _TEXT_MARKS[op.kind][1] for op in ops)


def _text_line(line: Line) -> str:
    """One line of the unified text: its own prefix, then the line as a reader reads it."""
    shape = shape_of(line)
    marked = line.kind == "replace"
    body = " | ".join(_text_cell(cell, marked) for cell in shape.cells)
    note = move_note(line)
    return (_TEXT_PREFIX[line.kind] + _TEXT_LEAD.get(shape.kind, "") + body
            + (f"  ({note})" if note else ""))


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


_CELL_STYLE = "vertical-align:top;padding:2px 6px;border:1px solid #d8d8de"


def shape_body(shape: Shape, ops: tuple[Op, ...] | None = None) -> str:
    """The HTML inside one line's element: a heading bold, a list item with its bullet, a
    table row's cells as cells; `ops` (a side's ops) defaults to all of the line's."""
    if shape.kind == ROW:
        cells = "".join(f'<td style="{_CELL_STYLE}">' + " ".join(html_op(op) for op in cell)
                        + "</td>" for cell in shape.cells)
        return ('<table class="mw-row" role="presentation" style="width:100%;'
                'table-layout:fixed;border-collapse:collapse"><tr>' + cells + "</tr></table>")
    body = " ".join(html_op(op) for op in (shape.ops if ops is None else ops))
    if shape.kind == HEADING:
        return f'<strong class="mw-h mw-h{shape.level}">{body}</strong>'
    if shape.kind == ITEM:
        return f'<span class="mw-bullet" aria-hidden="true">•</span> {body}'
    return body


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
            shape = shape_of(segment)
            tag = "div" if shape.kind == ROW else "p"
            role = (f' role="heading" aria-level="{shape.level + 1}"'
                    if shape.kind == HEADING else "")
            extra = "" if shape.kind == PARAGRAPH else f" mw-{shape.kind}"
            out.append(f'<{tag} class="mw-line mw-{segment.kind}{extra}"{role}>'
                       f"{shape_body(shape)}{html_note(segment)}</{tag}>")
    out.append("</div>")
    return "\n".join(out)


def summary(diff: ChapterDiff, title: str = "") -> str:
    """'Section 3, Key Principles, was updated (+42 / −7 words).' plus, as sentences, what
    makes it matter (see differ.plain)."""
    moved = sum(1 for line in diff.lines if line.kind == "move")
    moved_sentence = f" {moved} paragraph{'' if moved == 1 else 's'} moved." if moved else ""
    if not diff.changed:
        return (NO_CHANGES if not moved else moved_sentence.strip())
    return plain_summary(diff, title) + moved_sentence
