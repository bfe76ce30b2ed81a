"""PDF text with pypdfium2 (PDFium): page by page, lines as blocks; no text layer -> None."""

from __future__ import annotations

import pypdfium2 as pdfium

from crawler.documents.blocks import join_blocks, page_lines

MAX_PAGES = 2000  # a PDF claiming more pages is not read (a page-count bomb)


class NoText(Exception):  # noqa: N818 - an outcome, not a failure
    """The document has no extractable text; the message says why (scanned, encrypted)."""


def pdf_text(data: bytes) -> str:
    """The normalised text of a PDF; NoText when it has none; PdfiumError when corrupt."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise NoText("encrypted") from exc
        raise
    try:
        if len(document) > MAX_PAGES:
            raise NoText(f"more than {MAX_PAGES} pages")
        lines: list[str] = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            lines += page_lines(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    if not lines:
        raise NoText("no text layer (scanned?)")
    return join_blocks(lines)
