"""What a line of normalised text is to a reader: a heading, a list item, a table row or a
paragraph, with its ops cleared of the markers ('## ', '- ', ' | ') the crawler wrote.

Renderers show the shape (a bold heading, a bullet, cells side by side) instead of the
marker, so people read the manual's structure, never its internal notation.
"""

from __future__ import annotations

from dataclasses import dataclass

from differ.models import Line, Op
from differ.words import is_marker

HEADING, ITEM, ROW, PARAGRAPH = "heading", "item", "row", "paragraph"
CELL = "|"


@dataclass(frozen=True)
class Shape:
    """A line as a reader sees it: its kind, heading level (2 for '##') and its cells' ops
    (one cell unless it is a table row); no op holds a marker."""

    kind: str
    level: int
    cells: tuple[tuple[Op, ...], ...]

    @property
    def ops(self) -> tuple[Op, ...]:
        """All cells' ops in order (the cells of a row run together)."""
        return tuple(op for cell in self.cells for op in cell)


def _first_token(line: Line) -> str:
    text = line.new_text() if line.new_text() is not None else line.old_text()
    return (text or "").split(" ", 1)[0]


def _without_lead(ops: tuple[Op, ...]) -> tuple[Op, ...]:
    """The ops with the leading marker tokens (in whichever ops they sit) taken away."""
    out = list(ops)
    while out:
        head, *rest = out[0].text.split(" ", 1)
        if not is_marker(head) or head == CELL:
            break
        out[0] = Op(out[0].kind, rest[0] if rest else "")
        if not out[0].text:
            out.pop(0)
    return tuple(out)


def _cells(ops: tuple[Op, ...]) -> tuple[tuple[Op, ...], ...]:
    """Ops split into cells at each '|' token, wherever it sits inside an op."""
    cells: list[list[Op]] = [[]]
    for op in ops:
        words: list[str] = []
        for token in op.text.split(" "):
            if token == CELL:
                if words:
                    cells[-1].append(Op(op.kind, " ".join(words)))
                cells.append([])
                words = []
            elif token:
                words.append(token)
        if words:
            cells[-1].append(Op(op.kind, " ".join(words)))
    return tuple(tuple(cell) for cell in cells)


def shape_of(line: Line) -> Shape:
    """The line's shape: '## x' a heading, '- x' a list item, 'a | b' a row, else a
    paragraph."""
    first = _first_token(line)
    ops = _without_lead(line.ops)
    if first.startswith("#") and is_marker(first):
        return Shape(HEADING, min(len(first), 6), (ops,))
    if first == "-":
        return Shape(ITEM, 0, (ops,))
    if line.row or any(CELL in op.text.split(" ") for op in ops):
        return Shape(ROW, 0, _cells(ops))
    return Shape(PARAGRAPH, 0, (ops,))


def plain_line(text: str) -> str:
    """A normalised line as plain text for a reader: '## 6. Panel' -> '6. Panel',
    '- item' -> '• item'; a table row keeps ' | ' between its cells."""
    line = Line("equal", (Op("equal", text),))
    shape = shape_of(line)
    cells = [" ".join(op.text for op in cell) for cell in shape.cells]
    body = " | ".join(c for c in cells if c)
    return "• " + body if shape.kind == ITEM else body
