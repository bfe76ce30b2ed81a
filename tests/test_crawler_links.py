"""Links of a chapter's own content: text and absolute URL, furniture and in-page anchors out."""

from __future__ import annotations

from crawler.extract import extract_chapter
from crawler.models import FetchedPage

PAGE = """<html><body>
<nav><a href="/contents/contents">Contents</a></nav>
<main>
<a href="/chapter/before-title">Breadcrumb</a>
<h1>Section 47 Enquiries</h1>
<p>Complete the <a href="../forms/referral.docx"> Referral
   <b>Form</b></a> and read <a href="https://www.gov.uk/wt">Working Together</a>.</p>
<ul><li><a href="#section-3">3. Key Principles</a></li>
<li><a href="/chapter/section-47-enquiries#s2">2. Strategy</a></li>
<li><a href="/chapter/assessments"><img src="i.png" title="x"></a></li></ul>
<p><a href="javascript:void(0)">Print</a> <a name="anchor">not a link</a></p>
</main><footer><a href="/accessibility">Accessibility</a></footer></body></html>"""
URL = "https://norfolkcs.example/chapter/section-47-enquiries"


def test_links_in_page_order_with_absolute_urls() -> None:
    chapter = extract_chapter(PAGE, URL)
    assert chapter.links == (
        ("Referral Form", "https://norfolkcs.example/forms/referral.docx"),
        ("Working Together", "https://www.gov.uk/wt"),
        ("https://norfolkcs.example/chapter/assessments",
         "https://norfolkcs.example/chapter/assessments"),
    )


def test_links_do_not_change_the_text() -> None:
    assert "Referral Form" in extract_chapter(PAGE, URL).text


def test_fetched_page_links_default_to_none() -> None:
    assert FetchedPage("https://x", 304).links == ()
