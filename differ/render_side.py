"""Side-by-side HTML rendering of a ChapterDiff: the old text left, the new text right.

Built from the same lines as the inline rendering; every piece of page text is escaped.
"""

from __future__ import annotations

from differ.models import ChapterDiff, Line
from differ.render import CONTEXT, NO_CHANGES, html_note, segments, shape_body, unchanged
from differ.shapes import ROW, Shape, shape_of

_CELL = '<td class="mw-{side}" style="vertical-align:top;width:50%;padding:2px 6px">{body}</td>'


def _side(line: Line, side: str) -> str:
    """The line's ops as seen from one side: the other side's marks left out."""
    hidden = "insert" if side == "old" else "delete"
    shape = shape_of(line)
    cells = tuple(tuple(op for op in cell if op.kind != hidden) for cell in shape.cells)
    if shape.kind == ROW:
        return shape_body(Shape(ROW, 0, cells)) + html_note(line)
    return shape_body(shape, cells[0]) + html_note(line)


def _row(line: Line) -> str:
    old = _side(line, "old") if line.old_text() is not None else ""
    new = _side(line, "new") if line.new_text() is not None else ""
    cells = _CELL.format(side="old", body=old) + _CELL.format(side="new", body=new)
    return f'<tr class="mw-line mw-{line.kind}">{cells}</tr>'


def render_side_by_side(diff: ChapterDiff, context: int = CONTEXT) -> str:
    """An HTML table fragment, one row per shown line, old left and new right."""
    if not diff.changed and not diff.words_moved:
        return f'<div class="mw-diff"><p class="mw-nochange">{NO_CHANGES}</p></div>'
    out = ['<table class="mw-diff mw-side" style="width:100%;table-layout:fixed;'
           'overflow-wrap:anywhere;border-collapse:collapse">',
           "<thead><tr><th>Before</th><th>After</th></tr></thead><tbody>"]
    for segment in segments(diff.lines, context):
        if isinstance(segment, int):
            out.append(f'<tr class="mw-skip"><td colspan="2" style="color:#666">'
                       f"… {unchanged(segment)} …</td></tr>")
        else:
            out.append(_row(segment))
    out.append("</tbody></table>")
    return "\n".join(out)
