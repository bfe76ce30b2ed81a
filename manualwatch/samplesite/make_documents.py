"""The sample manual's linked documents, written with maintained libraries (fpdf2 for PDFs,
python-docx for Word, odfpy for ODT) into data/documents/ and data/editions/<N>/documents/.

The files are checked in (small, and fixed bytes give stable ETags); run this module to write
them again: `python -m manualwatch.samplesite.make_documents` (needs the `test` extra). The
words each edition plants are stated here and counted by hand in the truth files.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from manualwatch.samplesite.edition import DATA

FIXED = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

REFERRAL_1 = [
    ("h", "Multi-Agency Referral Form"),
    ("p", "Norfolk Children's Advice and Duty Service (CADS)."),
    ("p", "Use this form to refer a child to Children's Services when you are worried."),
    ("p", "If a child is in immediate danger, call the police on 999."),
    ("h", "Section 1. Details of the child"),
    ("li", "Full name and any other names used"),
    ("li", "Date of birth or expected date of delivery"),
    ("li", "Address and current whereabouts"),
    ("li", "School or early years setting"),
    ("h", "Section 2. Reason for referral"),
    ("p", "Describe what you have seen or heard, when it happened and who was present."),
    ("p", "Record the child's own words where possible."),
    ("page", ""),
    ("h", "Section 3. Consent"),
    ("p", "Tell the parents about this referral unless it would place the child at risk."),
    ("h", "Section 4. Sending the form"),
    ("p", "Send the completed form to CADS within 24 hours of your consultation."),
    ("p", "Keep a copy of this form on your agency's record."),
]
# edition 3: "24 hours" -> "one working day" (+3 -2) and a bullet of 5 words added (+5)
REFERRAL_3 = [
    *REFERRAL_1[:9],
    ("li", "Any disability or communication needs"),
    *[(k, t.replace("within 24 hours", "within one working day")) for k, t in REFERRAL_1[9:]],
]
LEAFLET = [
    ("h", "Return Home Interviews"),
    ("p", "A leaflet for children and young people who have been missing."),
    ("p", "When you come back, someone who is not your social worker will offer to talk."),
    ("li", "You can say where you were and what happened."),
    ("li", "You can choose where and when to meet."),
    ("p", "Call the Children's Advice and Duty Service to arrange a talk."),
]
STRATEGY = [
    ("h", "Strategy Discussion Record"),
    ("p", "Complete this record during the strategy discussion and circulate it."),
    ("row", ("Child's name", "Date of birth")),
    ("row", ("Date of discussion", "Chair")),
    ("h", "Decisions"),
    ("li", "Threshold for Section 47 Enquiries met or not met"),
    ("li", "Immediate safeguarding actions and who will take them"),
]
MOBILE = [
    ("h", "Mobile Device Agreement"),
    ("p", "I will keep council data only on the encrypted device issued to me."),
    ("li", "I will report a lost device to the service desk the same day."),
]
PANEL_MINUTES = [
    ("h", "Fostering Panel Minutes"),
    ("p", "Record the recommendation, the reasons for it and any dissenting view."),
    ("row", ("Applicant or carer", "Panel date")),
    ("row", ("Recommendation", "Vote")),
]
# served without an extension (found by its Content-Type, application/pdf)
SAFETY_PLAN = [
    ("h", "Safety Plan"),
    ("p", "Agreed with the foster carer while an allegation is investigated."),
    ("li", "Who provides intimate care"),
    ("li", "How often the social worker sees the child"),
]
# the documents library (linked from no chapter): a directory, and a form edition 2 adds
CONTACTS = [
    ("h", "Local Contacts Directory"),
    ("row", ("Children's Advice and Duty Service", "0344 800 8021")),
    ("row", ("Emergency Duty Team", "0344 800 8020")),
]
EARLY_HELP = [
    ("h", "Early Help Assessment Form"),
    ("p", "Complete with the family before a Team Around the Family meeting."),
    ("li", "What is working well"),
    ("li", "What are we worried about"),
]
PATHWAY = [
    ("h", "Pathway Plan"),
    ("p", "The plan sets out the support a care leaver will receive."),
    ("li", "Accommodation"),
    ("li", "Education, training and employment"),
]


def pdf(blocks: list[tuple[str, object]]) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.set_creation_date(FIXED)
    document.add_page()
    for kind, text in blocks:
        if kind == "page":
            document.add_page()
            continue
        document.set_font("Helvetica", "B" if kind == "h" else "", 14 if kind == "h" else 11)
        line = f"- {text}" if kind == "li" else str(text)
        document.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def scanned_pdf(boxes: int) -> bytes:
    """An image-only PDF (a scanned flowchart): no text layer at all."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (300, 80 * boxes), 255)
    draw = ImageDraw.Draw(image)
    for index in range(boxes):
        top = 10 + 80 * index
        draw.rectangle((40, top, 260, top + 50), outline=0, width=3)
        if index:
            draw.line((150, top - 30, 150, top), fill=0, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    document = FPDF()
    document.set_creation_date(FIXED)
    document.add_page()
    document.image(buffer, x=20, y=20, w=120)
    return bytes(document.output())


def docx(blocks: list[tuple[str, object]], revision: int = 1, who: str = "Children's Services"
         ) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    rows = [r for k, r in blocks if k == "row"]
    for kind, text in blocks:
        if kind == "h":
            document.add_heading(str(text), level=1)
        elif kind == "li":
            document.add_paragraph(str(text), style="List Bullet")
        elif kind == "p":
            document.add_paragraph(str(text))
        elif kind == "row" and text is rows[0]:
            table = document.add_table(rows=0, cols=2)
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
    props = document.core_properties
    props.author, props.last_modified_by, props.revision = "Children's Services", who, revision
    props.created = props.modified = FIXED + dt.timedelta(days=30 * (revision - 1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt(blocks: list[tuple[str, object]]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    items = None
    for kind, text in blocks:
        if kind == "li":
            if items is None:
                items = List()
                document.text.addElement(items)
            item = ListItem()
            item.addElement(P(text=str(text)))
            items.addElement(item)
            continue
        items = None
        element = H(outlinelevel=1, text=str(text)) if kind == "h" else P(text=str(text))
        document.text.addElement(element)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def documents() -> dict[Path, bytes]:
    """Every document file, by where it is checked in."""
    first = DATA / "documents"
    return {
        first / "multi-agency-referral-form.pdf": pdf(REFERRAL_1),
        first / "strategy-discussion-record.docx": docx(STRATEGY),
        first / "child-protection-conference-flowchart.pdf": scanned_pdf(3),
        first / "return-home-interview-leaflet.pdf": pdf(LEAFLET),
        first / "mobile-device-agreement.docx": docx(MOBILE),
        first / "pathway-plan-template.odt": odt(PATHWAY),
        first / "safety-plan": pdf(SAFETY_PLAN),
        first / "local-contacts-directory.docx": docx(CONTACTS),
        # edition 2: the template re-saved (same words, new revision); the flowchart rescanned
        DATA / "editions/2/documents/strategy-discussion-record.docx":
            docx(STRATEGY, revision=2, who="Business Support"),
        DATA / "editions/2/documents/child-protection-conference-flowchart.pdf": scanned_pdf(4),
        DATA / "editions/2/documents/early-help-assessment-form.pdf": pdf(EARLY_HELP),
        # edition 3: the referral form's text changed; a new template for the fostering panel
        DATA / "editions/3/documents/multi-agency-referral-form.pdf": pdf(REFERRAL_3),
        DATA / "editions/3/documents/fostering-panel-minutes-template.docx":
            docx(PANEL_MINUTES),
    }


def main() -> None:
    for path, data in documents().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data):>7} {path.relative_to(DATA)}")


if __name__ == "__main__":
    main()
