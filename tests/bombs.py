"""Hostile documents for tests, written on the fly: a PDF whose one page expands to millions
of text objects, and a Word file whose document.xml unpacks to hundreds of megabytes."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DOCX = ROOT / "manualwatch/samplesite/data/documents/strategy-discussion-record.docx"


def pdf_bomb(text_objects: int = 3_000_000) -> bytes:
    """A valid one-page PDF whose content stream (a few hundred KB compressed) draws
    `text_objects` text objects: cheap to send, very expensive to lay out."""
    operators = b"BT /F1 12 Tf 10 10 Td (a) Tj ET\n"
    packer = zlib.compressobj(9)
    block = operators * 10_000
    stream = b"".join(packer.compress(block) for _ in range(text_objects // 10_000))
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bomb(unpacked_mb: int = 400) -> bytes:
    """A Word file (the sample template's parts) whose document.xml unpacks to about
    `unpacked_mb` MB of one run of text; honest sizes in its zip headers."""
    out = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE_DOCX) as template, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for item in template.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, template.read(item.filename))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b"form " * (1 << 18)
            for _ in range(unpacked_mb * (1 << 20) // len(chunk)):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()
