"""parse_contents reads both generations of tri.x contents page into exact ChapterRefs."""

from __future__ import annotations

import pytest

from crawler import ChapterRef, ContentsError, CrawlSettings, Fetcher, fetch_contents
from crawler.contents import parse_contents
from tests.httpserver import serve_directory

CLASSIC_URL = "https://www.proceduresonline.com/norfolk_cs/chapters/contents.html"
CURRENT_URL = "https://norfolkcs.trixonline.co.uk/contents/contents"
BASE = "https://www.proceduresonline.com/norfolk_cs/chapters/"
GOV = "https://www.gov.uk/"
INTRANET = "http://intranet.norfolk.gov.uk/funds"

# Modelled on the old Norfolk contents page (seed 002): furniture, quick links, layout
# tables, a bare group number row followed by a (linked) group title, status words in
# their own cell, "See also:" rows, GOV.UK and intranet rows, one chapter under two numbers.
CLASSIC = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><title>Norfolk Children's Services Procedure Manual Contents</title></head>
<body>
<a href="#main">Skip to main content</a>
<table width="100%"><tr><td><img src="logo.gif" alt="Norfolk County Council Logo"></td>
<td><a href="#top">Top of page</a></td></tr>
<tr><td colspan="2">Size: <a href="?size=small">View this website with small text</a>
<a href="?size=medium">View this website with medium text</a>
<a href="?size=hv">View this website with high visibility</a></td></tr></table>
<table summary="main heading"><caption>main heading</caption><tr><td>
<font size="4"><b>Norfolk Children's Services Procedure Manual Contents</b></font>
<p><b>Quick Links:</b> <a href="amendments.html">Amendments</a></p>
<p>This contents list is sub divided into the following sections:</p>
<ol><li><a href="#1">All Children</a></li><li><a href="#3">Prevention and Family Support</a></li>
<li><a href="#5">Looked After Children</a></li><li><a href="#7">Appendices</a></li></ol>
<table width="100%" border="0">
<tr><td colspan="3"><a name="1"></a><b>1. All Children</b></td></tr>
<tr><td><b>1.1</b></td><td></td><td></td></tr>
<tr><td colspan="3"><b><a href="values.html">Policy Values and Principles</a></b></td></tr>
<tr><td>1.1.1</td><td><a href="p_confidentiality.html">Confidentiality Policy</a></td><td></td></tr>
<tr><td>1.1.3</td><td><a href="p_capacity_consent.html">Capacity and Consent</a></td>
    <td><font color="red">Updated</font></td></tr>
<tr><td>&nbsp;</td><td>See also: <a href="https://www.gov.uk/looking-after-someone-elses-child">
    Looking After Someone Else's Child (GOV.UK)</a></td><td></td></tr>
<tr><td><b>1.3</b></td><td></td><td></td></tr>
<tr><td colspan="3"><b>Children's Social Care - Assessment and Planning</b></td></tr>
<tr><td>1.3.5</td><td><a href="p_visits.html#top">Visits to Looked After Children
    and Care Leavers</a></td><td></td></tr>
<tr><td><b>1.4</b></td><td></td><td></td></tr>
<tr><td colspan="3"><b>Court Proceedings</b></td></tr>
<tr><td>1.4.4</td><td><a href="p_protocol.html">Protocol and Good Practice Model: Disclosure
    of Information (October 2013)</a></td><td></td></tr>
<tr><td colspan="3"><a name="3"></a><b>3. Prevention and Family Support</b></td></tr>
<tr><td>3.1</td><td><a href="p_cin.html">Child in Need Plans and Reviews</a></td><td></td></tr>
<tr><td>3.5</td><td><a href="p_visits.html">Visits to Looked After Children and Care
    Leavers</a></td><td></td></tr>
<tr><td colspan="3"><a name="5"></a><b>5. Looked After Children</b></td></tr>
<tr><td><b>5.8</b></td><td></td><td></td></tr>
<tr><td colspan="3"><b>Savings and Funds</b></td></tr>
<tr><td>5.8.1</td><td><a href="https://www.gov.uk/junior-isa">Junior ISAs for Looked After
    Children (GOV.UK)</a></td><td></td></tr>
<tr><td>5.8.3</td><td><a href="http://intranet.norfolk.gov.uk/funds">Children Who Have
    Their Own Funds</a> (intranet link)</td><td></td></tr>
<tr><td><b>5.9</b></td><td></td><td></td></tr>
<tr><td colspan="3"><b>Children Involved in the Youth Justice System</b></td></tr>
<tr><td>5.9.3</td><td><a href="p_yjs.html">Children Involved in the Youth Justice System:
    Additional National Guidance</a></td><td><font color="red">New</font></td></tr>
<tr><td></td><td>See: <a href="p_yjs_contact.html">Looked After Children in Contact with
    Youth Justice Services</a></td><td></td></tr>
<tr><td></td><td>and <a href="https://www.nice.org.uk/guidance/ng205">NICE Guideline:
    Looked After Children and Young People</a></td><td></td></tr>
<tr><td colspan="3"><a name="7"></a><b>7. Appendices</b></td></tr>
<tr><td>7.3</td><td><a href="https://www.gov.uk/wt">Working Together to Safeguard
    Children</a></td><td></td></tr>
<tr><td>7.4</td><td><a href="amendments.html">Amendments</a></td><td></td></tr>
</table>
<p>End</p>
</td></tr></table>
<p><a href="#top">Top of page</a></p>
</body></html>"""

S1, S3, S5, S7 = ("1. All Children", "3. Prevention and Family Support",
                  "5. Looked After Children", "7. Appendices")
G11 = "1.1 Policy Values and Principles"
VISITS = "Visits to Looked After Children and Care Leavers"

CLASSIC_REFS = [
    ChapterRef("1.1", "Policy Values and Principles", BASE + "values.html", S1, G11),
    ChapterRef("1.1.1", "Confidentiality Policy", BASE + "p_confidentiality.html", S1, G11),
    ChapterRef("1.1.3", "Capacity and Consent", BASE + "p_capacity_consent.html", S1, G11,
               flag="Updated"),
    ChapterRef("1.3.5", VISITS, BASE + "p_visits.html", S1,
               "1.3 Children's Social Care - Assessment and Planning"),
    ChapterRef("1.4.4", "Protocol and Good Practice Model: Disclosure of Information "
               "(October 2013)", BASE + "p_protocol.html", S1, "1.4 Court Proceedings"),
    ChapterRef("3.1", "Child in Need Plans and Reviews", BASE + "p_cin.html", S3),
    ChapterRef("3.5", VISITS, BASE + "p_visits.html", S3),
    ChapterRef("5.8.1", "Junior ISAs for Looked After Children", GOV + "junior-isa", S5,
               "5.8 Savings and Funds", offsite=True, note="(GOV.UK)"),
    ChapterRef("5.8.3", "Children Who Have Their Own Funds", INTRANET, S5,
               "5.8 Savings and Funds", offsite=True, note="(intranet link)"),
    ChapterRef("5.9.3", "Children Involved in the Youth Justice System: Additional National "
               "Guidance", BASE + "p_yjs.html", S5,
               "5.9 Children Involved in the Youth Justice System", flag="New"),
    ChapterRef("7.3", "Working Together to Safeguard Children", GOV + "wt", S7, offsite=True),
    ChapterRef("7.4", "Amendments", BASE + "amendments.html", S7),
]

# The current generation (trixonline): header menu, "Contents", quick links, group
# headings with the number in a span, rows of number + title + label + date in divs.
CURRENT = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Contents | Norfolk CS</title></head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/contents/contents">Contents</a></li>
<li><a href="/amendments">Amendments</a></li></ul></nav></header>
<main id="content">
<h1>Contents</h1>
<div class="quick"><h2>Quick Links:</h2>
  <a href="#section-1">1. All Children</a> <a href="/contents/contents#section-7">7. Appendices</a>
</div>
<div id="section-1"><h2>1. All Children</h2>
  <div class="group">
    <h3><span class="num">1.1</span>
      <a href="/chapter/values">Policy, Values and Principles</a></h3>
    <div class="row"><div class="n">1.1.1</div>
      <div class="t"><a href="/chapter/confidentiality-policy">Confidentiality Policy</a></div>
      <div class="d">October 28, 2025</div></div>
    <div class="row"><div class="n">1.1.3</div>
      <div class="t"><a href="https://norfolkcs.trixonline.co.uk/chapter/capacity-and-consent"
        >Capacity and Consent</a> <span class="label">Updated</span></div>
      <div class="d">January 13, 2026</div></div>
    <div class="row"><div class="t">See also: <a href="https://www.gov.uk/foster">Looking After
      Someone Else's Child</a></div></div>
  </div>
  <div class="group"><h3>1.3 Children's Social Care - Assessment and Planning</h3>
    <div class="row"><div class="n">1.3.5</div>
      <div class="t"><a href="/chapter/visits">Visits to Looked After Children and Care Leavers</a>
      </div><div class="d">3/11/2023</div></div>
  </div>
</div>
<div id="section-5"><h2>5. Looked After Children</h2>
  <div class="group"><h3>5.8 Savings and Funds</h3>
    <div class="row"><div class="n">5.8.3</div>
      <div class="t"><a href="https://intranet.norfolk.gov.uk/funds">Children Who Have Their
      Own Funds</a> (intranet link)</div><div class="d">August 21, 2020</div></div>
  </div>
  <div class="group"><h3>5.7 Leaving Care and Transition</h3>
    <div class="row"><div class="n">5.7.3</div>
      <div class="t"><a href="/chapter/visits">Visits to Looked After Children and Care Leavers</a>
      </div><div class="d">3/11/2023</div></div>
  </div>
</div>
<div id="section-7"><h2>7. Appendices</h2>
  <div class="row"><div class="n">7.2</div><div class="t"><a href="/chapter/ofsted">Ofsted
    Inspection Framework</a> <span class="label">New</span></div>
    <div class="d">January 17, 2026</div></div>
  <div class="row"><div class="n">7.4</div><div class="t"><a href="/amendments">Amendments</a>
  </div></div>
</div>
</main>
<footer><p>Last Updated: March 2, 2026</p><p>v85</p></footer>
</body></html>"""

SITE = "https://norfolkcs.trixonline.co.uk"
G11C = "1.1 Policy, Values and Principles"
CURRENT_REFS = [
    ChapterRef("1.1", "Policy, Values and Principles", SITE + "/chapter/values", S1, G11C),
    ChapterRef("1.1.1", "Confidentiality Policy", SITE + "/chapter/confidentiality-policy", S1,
               G11C, date="2025-10-28"),
    ChapterRef("1.1.3", "Capacity and Consent", SITE + "/chapter/capacity-and-consent", S1,
               G11C, flag="Updated", date="2026-01-13"),
    ChapterRef("1.3.5", VISITS, SITE + "/chapter/visits", S1,
               "1.3 Children's Social Care - Assessment and Planning", date="2023-11-03"),
    ChapterRef("5.8.3", "Children Who Have Their Own Funds", "https://intranet.norfolk.gov.uk/funds",
               S5, "5.8 Savings and Funds", date="2020-08-21", offsite=True,
               note="(intranet link)"),
    ChapterRef("5.7.3", VISITS, SITE + "/chapter/visits", S5, "5.7 Leaving Care and Transition",
               date="2023-11-03"),
    ChapterRef("7.2", "Ofsted Inspection Framework", SITE + "/chapter/ofsted", S7, flag="New",
               date="2026-01-17"),
    ChapterRef("7.4", "Amendments", SITE + "/amendments", S7),
]


def test_classic_contents_gives_exact_refs() -> None:
    contents = parse_contents(CLASSIC, CLASSIC_URL)
    assert list(contents.refs) == CLASSIC_REFS
    assert contents.title == "Norfolk Children's Services Procedure Manual Contents"


def test_current_contents_gives_exact_refs_and_footer_date() -> None:
    contents = parse_contents(CURRENT.encode("utf-8"), CURRENT_URL)
    assert list(contents.refs) == CURRENT_REFS
    assert contents.title == "Contents"
    assert contents.last_updated == "2026-03-02"


def test_one_chapter_under_several_numbers_keeps_every_number() -> None:
    refs = parse_contents(CLASSIC, CLASSIC_URL).refs
    assert [r.number for r in refs if r.url == BASE + "p_visits.html"] == ["1.3.5", "3.5"]


def test_extra_hosts_count_as_on_site() -> None:
    refs = parse_contents(CLASSIC, CLASSIC_URL, hosts=frozenset({"www.gov.uk"})).refs
    offsite = {r.number: r.offsite for r in refs}
    assert offsite["7.3"] is False and offsite["5.8.1"] is False
    assert offsite["5.8.3"] is True  # still an intranet link


ROW_MARKUPS = {
    "table-cells": "<table><tr><td>2.1</td><td><a href='a.html'>Recording Policy</a></td>"
                   "<td>Updated</td><td>28/10/2025</td></tr></table>",
    "list-spans": "<ul><li><span>2.1</span> <a href='a.html'>Recording Policy</a>"
                  " <em>Updated</em> <small>October 28, 2025</small></li></ul>",
    "paragraph-text": "<p>2.1 <a href='a.html'>Recording <b>Policy</b></a> Updated"
                      " (28 October 2025)</p>",
    "definition-list": "<dl><dt>2.1</dt><dd><a href='a.html'>Recording Policy</a> "
                       "<span>Updated</span> 2025-10-28</dd></dl>",
    "br-separated": "<div>2.1 <a href='a.html'>Recording Policy</a> Updated October 28, 2025"
                    "<br>2.2 <a href='b.html'>Case Records</a></div>",
}


@pytest.mark.parametrize("markup", ROW_MARKUPS.values(), ids=ROW_MARKUPS.keys())
def test_a_row_reads_the_same_whatever_its_markup(markup: str) -> None:
    html = f"<html><body><h2>2. Case Management</h2>{markup}</body></html>"
    refs = parse_contents(html, "http://127.0.0.1/c/contents.html").refs
    assert refs[0] == ChapterRef("2.1", "Recording Policy", "http://127.0.0.1/c/a.html",
                                 "2. Case Management", flag="Updated", date="2025-10-28")


def test_unnumbered_rows_and_same_page_anchors_are_ignored() -> None:
    html = """<html><body><h2>1. All Children</h2>
    <p><a href="#s1">1.1 Jump</a></p>
    <p>See also: <a href="x.html">Something</a></p>
    <p><a href="contents.html#s2">1.2 Also this page</a></p>
    <p>1.3 <a href="mailto:a@example.org">Write to us</a></p>
    <p>1.4 <a href="y.html">Kept</a></p></body></html>"""
    refs = parse_contents(html, "http://127.0.0.1/c/contents.html").refs
    assert [(r.number, r.title) for r in refs] == [("1.4", "Kept")]


def test_fetch_contents_over_http(tmp_path) -> None:
    (tmp_path / "contents.html").write_text(CLASSIC, encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><p>Nothing</p></body></html>")
    with serve_directory(tmp_path) as (base, _log), Fetcher(CrawlSettings(delay_seconds=0)) as f:
        contents = fetch_contents(f, base + "/contents.html")
        assert contents.refs[0].url == base + "/values.html"
        assert contents.refs[0].offsite is False
        with pytest.raises(ContentsError, match="no numbered chapter rows"):
            fetch_contents(f, base + "/empty.html")
        with pytest.raises(ContentsError, match="HTTP 404"):
            fetch_contents(f, base + "/missing.html")
