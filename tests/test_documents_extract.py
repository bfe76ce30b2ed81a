"""Document text: PDF, Word and ODT read into the chapters' block text; files without text
(scanned, encrypted, .doc) give a reason instead; corrupt files an error."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableRow
from odf.text import H, List, ListItem, P

from crawler.documents import extract_bounded, extract_text

DATA = Path(__file__).resolve().parent.parent / "manualwatch/samplesite/data"
FORM_TEXT = """Multi-Agency Referral Form
Norfolk Children's Advice and Duty Service (CADS).
Use this form to refer a child to Children's Services when you are worried.
If a child is in immediate danger, call the police on 999.
Section 1. Details of the child
- Full name and any other names used
- Date of birth or expected date of delivery
- Address and current whereabouts
- School or early years setting
Section 2. Reason for referral
Describe what you have seen or heard, when it happened and who was present.
Record the child's own words where possible.
Section 3. Consent
Tell the parents about this referral unless it would place the child at risk.
Section 4. Sending the form
Send the completed form to CADS within 24 hours of your consultation.
Keep a copy of this form on your agency's record."""
BLOCKS = """## Referral Record
### Details
Complete every field.
- Name of the child
- Date of birth
Field | Answer
Referrer | Health visitor"""


def word_file() -> bytes:
    document = docx.Document()
    document.add_heading("Referral Record", level=1)
    document.add_heading("Details", level=2)
    document.add_paragraph("Complete  every\tfield.")
    document.add_paragraph("Name of the child", style="List Bullet")
    document.add_paragraph("Date of birth", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Field", "Answer"), ("Referrer", "Health visitor")],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_file() -> bytes:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Referral Record"))
    document.text.addElement(H(outlinelevel=2, text="Details"))
    document.text.addElement(P(text="Complete every field."))
    items = List()
    for text in ("Name of the child", "Date of birth"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    table = Table()
    for values in (("Field", "Answer"), ("Referrer", "Health visitor")):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO((DATA / "documents/"
                                                    "multi-agency-referral-form.pdf").read_bytes()))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_reads_as_block_lines_with_bullets_as_items() -> None:
    form = (DATA / "documents/multi-agency-referral-form.pdf").read_bytes()
    assert extract_text(form, "pdf").text == FORM_TEXT
    assert extract_bounded(form, "pdf").text == FORM_TEXT


@pytest.mark.parametrize("kind, make", [("docx", word_file), ("odt", odt_file)],
                         ids=["word", "odt"])
def test_word_and_odt_read_headings_items_rows_and_paragraphs(kind, make) -> None:
    assert extract_bounded(make(), kind).text == BLOCKS


@pytest.mark.parametrize(("data", "kind", "reason"), [
    ((DATA / "documents/child-protection-conference-flowchart.pdf").read_bytes(), "pdf",
     "no text layer (scanned?)"),
    (encrypted_pdf(), "pdf", "encrypted"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", "doc", "no text is read from .doc files"),
], ids=["scanned", "encrypted", "doc"])
def test_files_without_text_say_why(data: bytes, kind: str, reason: str) -> None:
    result = extract_bounded(data, kind)
    assert (result.text, result.no_text, result.error) == (None, reason, None)


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.4\nbroken", "pdf"), (b"PK\x03\x04broken", "docx"), (b"PK\x03\x04x", "odt"),
], ids=["pdf", "docx", "odt"])
def test_a_corrupt_file_is_an_error(data: bytes, kind: str) -> None:
    result = extract_bounded(data, kind)
    assert result.text is None and result.error is not None
    assert result.error.startswith("corrupt file: ")
