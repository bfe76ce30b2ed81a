"""Word (.docx) text with python-docx and OpenDocument (.odt) text with odfpy, as blocks."""

from __future__ import annotations

import io
import re

from crawler.documents.blocks import block_line, join_blocks, row_line

HEADING_STYLE = re.compile(r"^(?:heading|title)\s*(\d*)$", re.I)
LIST_STYLE = re.compile(r"\blist\b", re.I)


def _docx_paragraph(paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = HEADING_STYLE.match(style.strip())
    if heading:
        return block_line("heading", paragraph.text, int(heading.group(1) or 1) + 1)
    is_list = LIST_STYLE.search(style) or paragraph._p.pPr is not None and \
        paragraph._p.pPr.numPr is not None
    return block_line("item" if is_list else "para", paragraph.text)


def docx_text(data: bytes) -> str:
    """Paragraphs and tables in body order: headings, list items, rows, paragraphs."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(_docx_paragraph(block))
        elif isinstance(block, Table):
            lines += [row_line(cell.text for cell in row.cells) for row in block.rows]
    return join_blocks(lines)


def odt_text(data: bytes) -> str:
    """Headings, paragraphs, list items and table rows of an OpenDocument text, body order."""
    from odf import teletype
    from odf.namespaces import TABLENS, TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    lines: list[str] = []

    def walk(node, in_item: bool = False) -> None:
        for child in node.childNodes:
            name = getattr(child, "qname", None)
            if name == (TEXTNS, "h"):
                level = int(child.getAttrNS(TEXTNS, "outline-level") or 1)
                lines.append(block_line("heading", teletype.extractText(child), level + 1))
            elif name == (TEXTNS, "p"):
                lines.append(block_line("item" if in_item else "para",
                                        teletype.extractText(child)))
            elif name == (TABLENS, "table-row"):
                cells = [teletype.extractText(c) for c in child.childNodes
                         if getattr(c, "qname", None) == (TABLENS, "table-cell")]
                lines.append(row_line(cells))
            elif name == (TEXTNS, "list-item"):
                walk(child, True)
            elif getattr(child, "childNodes", None):
                walk(child, in_item)

    walk(document.text)
    return join_blocks(lines)
