"""extract_chapter: a chapter page's own text, per the normalised-text convention."""

from __future__ import annotations

import re

import pytest

from crawler.extract import extract_chapter

# A classic (proceduresonline) page modelled on seed 000: no <main>, a layout table,
# logo, "Top of page", text-size bar, breadcrumbs, upper-case labelled boxes, a
# "contents table", a footer with a date.
CLASSIC = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><title>Policies, Values and Principles</title>
<script>var x = "never text";</script><style>p { color: red }</style></head>
<body>
<div id="skip"><a href="#main">Skip to main content</a></div>
<table width="100%"><tr><td><img src="logo.gif" alt="Norfolk County Council Logo"></td>
<td><a href="#top">Top of page</a></td></tr>
<tr><td colspan="2">Size: <a href="?s=1">View this website with small text</a>
<a href="?s=2">View this website with medium text</a>
<a href="?s=4">View this website with high visibility</a></td></tr></table>
<div class="crumbs"><a href="contents.html">Contents</a> &gt; All Children</div>
<table summary="main heading"><caption>main heading</caption><tr><td>
<h1>Children's Services Policies, Values and Principles</h1>
<table class="box"><tr><th>SCOPE OF THIS CHAPTER</th></tr>
<tr><td><p>This chapter provides the context for all procedures.</p></td></tr></table>
<table class="box"><tr><th>AMENDMENT</th></tr>
<tr><td><p>In December 2016, this chapter was slightly updated.</p></td></tr></table>
<table summary="contents table"><caption>contents table</caption><tr><td><ol>
<li><a href="#intro">Introduction</a></li><li><a href="#outcomes">Key Outcomes</a></li>
</ol></td></tr></table>
<h2><a name="intro"></a>1. Introduction</h2>
<p>This policy sets out the framework within which Children's Services work.
It is underpinned by a range of legislation including:</p>
<ul><li>Children Acts 1989 and 2004;</li>
<li>Care Standards Act 2000;<ul><li>Regulation 5;</li></ul></li></ul>
<h2><a name="outcomes"></a>2. Key Outcomes</h2>
<h3>2.1 Measures</h3>
<table border="1"><tr><th>Outcome</th><th>Measure</th></tr>
<tr><td><p>Safe</p></td><td>Fewer <b>repeat</b> referrals</td></tr></table>
<p>Line one<br>line two.</p>
<p><a href="#top">Top of page</a></p>
</td></tr></table>
<div id="footer"><p>Copyright tri.x 2017. Last amended 2 March 2026.</p>
<p><a href="#top">Top of page</a></p></div>
</body></html>"""

CLASSIC_TEXT = """\
SCOPE OF THIS CHAPTER
This chapter provides the context for all procedures.
AMENDMENT
In December 2016, this chapter was slightly updated.
- Introduction
- Key Outcomes
## 1. Introduction
This policy sets out the framework within which Children's Services work. \
It is underpinned by a range of legislation including:
- Children Acts 1989 and 2004;
- Care Standards Act 2000;
- Regulation 5;
## 2. Key Outcomes
### 2.1 Measures
Outcome | Measure
Safe | Fewer repeat referrals
Line one line two."""

# The current generation (trixonline): <main>, header/nav/footer, breadcrumbs nav.
CURRENT = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Capacity and Consent | Norfolk</title></head><body>
<a class="skip-link" href="#main-content">Skip to content</a>
<header><a href="/"><img src="logo.svg" alt="Norfolk"></a><p>Norfolk Children's Services</p>
<nav><ul><li><a href="/">Home</a></li><li><a href="/contents/contents">Contents</a></li></ul></nav>
<form role="search"><label>Search</label><input name="q"></form></header>
<nav aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li>Capacity</li></ol></nav>
<main id="main-content"><article>
<h1>Capacity and Consent</h1>
<section><h2>Scope of this chapter</h2><p>How consent is sought.</p></section>
<section><h2>Related guidance</h2><ul><li>Mental Capacity Act 2005</li></ul></section>
<section><h2>Amendment</h2><p>This chapter was updated in January 2026.</p></section>
<h2 id="s1">1. Introduction</h2>
<p>Children aged 16 and 17 are presumed to have capacity.</p>
<aside>Was this page helpful?</aside>
</article></main>
<footer><p>Last Updated: March 2, 2026</p><p>v85</p></footer>
</body></html>"""

CURRENT_TEXT = """\
## Scope of this chapter
How consent is sought.
## Related guidance
- Mental Capacity Act 2005
## Amendment
This chapter was updated in January 2026.
## 1. Introduction
Children aged 16 and 17 are presumed to have capacity."""


def test_classic_page_without_main_gives_its_own_text_only() -> None:
    chapter = extract_chapter(CLASSIC.encode("utf-8"), "http://127.0.0.1/values.html")
    assert chapter.text == CLASSIC_TEXT
    assert chapter.page_title == "Children's Services Policies, Values and Principles"
    assert chapter.amendment == "In December 2016, this chapter was slightly updated."


def test_current_page_with_main_gives_its_own_text_only() -> None:
    chapter = extract_chapter(CURRENT, "http://127.0.0.1/chapter/capacity-and-consent")
    assert chapter.text == CURRENT_TEXT
    assert chapter.page_title == "Capacity and Consent"
    assert chapter.amendment == "This chapter was updated in January 2026."


FURNITURE_WORDS = ("Skip", "Top of page", "View this website", "Logo", "Copyright", "v85",
                   "Breadcrumb", "Last Updated", "Search", "helpful", "never text", "main heading")


@pytest.mark.parametrize("page", [CLASSIC, CURRENT], ids=["classic", "current"])
def test_furniture_and_title_never_reach_the_text(page: str) -> None:
    chapter = extract_chapter(page, "http://127.0.0.1/x")
    for word in FURNITURE_WORDS:
        assert word not in chapter.text
    assert chapter.page_title not in chapter.text.split("\n")


def _restyled(html: str) -> str:
    """The same page with only markup and whitespace changed."""
    html = html.replace("<p>", '<p class="tx" data-rev="2">\n   ')
    html = html.replace("Children's Services work.", "<b>Children's</b> <span>Services</span>"
                        "\n\n      work.")
    html = html.replace("<td><p>Safe</p></td>", "<td>\n Safe&nbsp;</td>")
    html = html.replace("<li>Care Standards", "<li>  <em>Care</em>\tStandards")
    return re.sub(r">\s*<", ">\n    <", html)


@pytest.mark.parametrize("page", [CLASSIC, CURRENT], ids=["classic", "current"])
def test_markup_and_whitespace_do_not_change_the_text(page: str) -> None:
    restyled = _restyled(page)
    assert restyled != page
    assert extract_chapter(restyled, "http://127.0.0.1/x") == extract_chapter(page, "http://x/x")


def test_furniture_changes_do_not_change_the_text() -> None:
    changed = CLASSIC.replace("high visibility", "large text").replace("2017", "2026")
    changed = changed.replace("All Children</div>", "Everyone</div>")
    assert changed != CLASSIC
    assert extract_chapter(changed, "http://x/x").text == CLASSIC_TEXT
    current = CURRENT.replace("v85", "v86").replace("<li>Capacity</li>", "<li>Consent</li>")
    assert extract_chapter(current, "http://x/x").text == CURRENT_TEXT


def test_text_edits_do_change_the_text() -> None:
    edited = CLASSIC.replace("Fewer <b>repeat</b>", "Far fewer")
    assert extract_chapter(edited, "http://x/x").text != CLASSIC_TEXT
    assert "Safe | Far fewer referrals" in extract_chapter(edited, "http://x/x").text


AMENDMENTS = {
    "label-own-line": ("<p><strong>AMENDMENT</strong></p><p>This chapter was updated in "
                       "January 2026.</p>", "This chapter was updated in January 2026."),
    "label-inline": ("<p><b>Amendment:</b> This chapter was reviewed locally in December 2019. "
                     "It should be re-read in its entirety.</p>",
                     "This chapter was reviewed locally in December 2019. It should be re-read "
                     "in its entirety."),
    "no-label": ("<p>This chapter was added to the manual in June 2017 and should be re-read "
                 "in full.</p>", "This chapter was added to the manual in June 2017 and should "
                 "be re-read in full."),
    "new-chapter": ("<p>This is a new chapter for March 2011.</p>",
                    "This is a new chapter for March 2011."),
    "runs-into-body": ("<p>AMENDMENT In December 2016, this chapter was slightly updated. "
                       + "Body text follows here and goes on. " * 12 + "</p>",
                       "In December 2016, this chapter was slightly updated."),
    "none": ("<p>Children Act 1989 amendments are described below.</p>", None),
}


@pytest.mark.parametrize(("snippet", "expected"), AMENDMENTS.values(), ids=AMENDMENTS.keys())
def test_amendment_sentence_is_found(snippet: str, expected: str | None) -> None:
    html = f"<html><body><h1>T</h1>{snippet}<h2>1. Introduction</h2><p>Body.</p></body></html>"
    assert extract_chapter(html, "http://x/x").amendment == expected


def test_blocks_become_lines_per_convention() -> None:
    html = """<html><body><main><h1>Title</h1>
    <div>Loose text in a div<div>nested div text</div>tail text</div>
    <h4>Deep heading</h4><ol><li>one<ol><li>one-a</li></ol></li><li></li></ol>
    <table><tr><td>a</td><td></td><td>c</td></tr><tr><td></td><td></td></tr></table>
    <dl><dt>Term</dt><dd>Definition</dd></dl></main></body></html>"""
    assert extract_chapter(html, "http://x/x").text.split("\n") == [
        "Loose text in a div", "nested div text", "tail text", "#### Deep heading",
        "- one", "- one-a", "a | | c", "Term", "Definition"]
