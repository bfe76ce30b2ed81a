"""A chapter page -> its normalised text, title and amendment sentence (lxml.html).

The page's own content is <main> (or role=main) if it has one, else the nearest
ancestor of the title h1 that holds most of the page's paragraph text. Furniture is
removed (crawler.furniture), the h1 and everything before it is dropped, and the rest
is written out per the shared convention (crawler.text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import lxml.html

from crawler.clean import clean_text, clean_value
from crawler.dates import MONTH_YEAR
from crawler.furniture import FURNITURE_ROLES, FURNITURE_TAGS, is_furniture_line, strip_furniture
from crawler.htmltree import parse_html, tag_of, text_of
from crawler.text import TextWriter

PARAGRAPH_TAGS = ("p", "li", "td", "th", "dd", "pre", "blockquote")
AMENDMENT_LABEL = re.compile(
    r"^(?:#+ )?(?:[Aa]mendments?|AMENDMENTS?)\s*:?\s*$"  # the label on its own line
    r"|^(?:[Aa]mendments?\s*:|AMENDMENTS?\b:?)\s*(.+)$")  # "Amendment: ...", "AMENDMENT ..."
AMENDMENT_SENTENCE = re.compile(
    r"\b(?:this (?:chapter|procedure|policy|guidance)\b[^.]*?\b(?:was|were|has been|have been)"
    r"\b[^.]*?\b(?:updated|added|reviewed|refreshed|revised|amended|introduced)"
    r"|this is a new (?:chapter|procedure|policy))\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
MAX_AMENDMENT_CHARS = 300
HEAD_LINES = 20  # an unlabelled amendment sentence is looked for this near the top
NUMBERED_HEADING = re.compile(r"^#+ (?:\d+\.|appendix\b)", re.I)


@dataclass(frozen=True)
class ExtractedChapter:
    """What a chapter page says: its normalised text, its h1 title, its amendment."""

    text: str
    page_title: str | None
    amendment: str | None
    links: tuple[tuple[str, str], ...] = ()  # (link text, absolute URL), page order


def _in_furniture(element: lxml.html.HtmlElement) -> bool:
    return any(tag_of(a) in FURNITURE_TAGS or (a.get("role") or "").lower() in FURNITURE_ROLES
               for a in element.iterancestors())


def find_title(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The page's own h1: the first one with text that is not inside furniture."""
    headings = [h for h in root.iter("h1") if text_of(h)]
    own = [h for h in headings if not _in_furniture(h)]
    return (own or headings or [None])[0]


def _paragraph_chars(element: lxml.html.HtmlElement) -> int:
    return sum(len(text_of(p)) for p in element.iter(*PARAGRAPH_TAGS))


def content_root(root: lxml.html.HtmlElement,
                 title: lxml.html.HtmlElement | None) -> lxml.html.HtmlElement:
    """<main>/[role=main], else the nearest ancestor of the title holding most paragraph text."""
    mains = root.xpath("//main | //*[@role='main']")
    if mains:
        return mains[0]
    body = root.find("body")
    body = body if body is not None else root
    if title is None:
        return body
    total = _paragraph_chars(body)
    for ancestor in title.iterancestors():
        if _paragraph_chars(ancestor) * 2 >= total or ancestor is body:
            return ancestor
    return body


def _amendment_after_label(lines: list[str]) -> str | None:
    for index, line in enumerate(lines):
        match = AMENDMENT_LABEL.match(line)
        if not match:
            continue
        rest = (match.group(1) or "").strip()
        following = next((x for x in lines[index + 1:] if not x.startswith("#")), None)
        candidate = rest or following
        if candidate:
            return _trim_amendment(candidate)
    return None


def _trim_amendment(text: str) -> str:
    """The amendment sentence(s); when they run into body text, up to the dated sentence."""
    if len(text) <= MAX_AMENDMENT_CHARS:
        return text
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        kept.append(sentence)
        if MONTH_YEAR.search(sentence) or len(" ".join(kept)) > MAX_AMENDMENT_CHARS:
            break
    return " ".join(kept)


def _amendment_by_wording(lines: list[str]) -> str | None:
    """A dated "this chapter was updated" sentence in the chapter's opening lines."""
    for line in lines[:HEAD_LINES]:
        if line.startswith("#") and NUMBERED_HEADING.match(line):
            break
        if " | " in line:
            continue
        for sentence in _SENTENCE_END.split(line.removeprefix("- ")):
            if AMENDMENT_SENTENCE.search(sentence) and MONTH_YEAR.search(sentence):
                return sentence.strip()
    return None


def find_amendment(text: str) -> str | None:
    """The sentence after an "Amendment" label, else a "this chapter was updated … <Month
    YYYY>" sentence, else None."""
    lines = text.split("\n") if text else []
    return _amendment_after_label(lines) or _amendment_by_wording(lines)


def extract_chapter(html: str | bytes, url: str) -> ExtractedChapter:
    """The normalised text of a chapter page (without furniture and the title h1)."""
    root = parse_html(html)
    title = find_title(root)
    content = content_root(root, title)
    strip_furniture(content, keep=title)
    writer = TextWriter(start_after=title if _contains(content, title) else None)
    writer.walk(content)
    lines = [line for line in writer.text().split("\n") if line and not is_furniture_line(line)]
    text = "\n".join(lines)
    page_title = text_of(title) if title is not None else None
    links = content_links(content, url, title if _contains(content, title) else None)
    text = clean_text(text)
    return clean_value(ExtractedChapter(text=text, page_title=page_title,
                                        amendment=find_amendment(text), links=links))


def content_links(content: lxml.html.HtmlElement, url: str,
                  start_after: lxml.html.HtmlElement | None) -> tuple[tuple[str, str], ...]:
    """(text, absolute URL) of each link after the title, in page order.

    Links to a place on the same page (in-page contents) and javascript: links are left out;
    a link without text is named by its title attribute or its URL.
    """
    links: list[tuple[str, str]] = []
    started = start_after is None
    page = urldefrag(url).url
    for element in content.iter():
        if element is start_after:
            started = True
        if not started or tag_of(element) != "a" or not element.get("href"):
            continue
        target = urljoin(url, element.get("href", "").strip())
        if urldefrag(target).url == page or target.lower().startswith("javascript:"):
            continue
        text = " ".join(text_of(element).split()) or element.get("title", "") or target
        links.append((text, target))
    return tuple(links)


def _contains(root: lxml.html.HtmlElement, element: lxml.html.HtmlElement | None) -> bool:
    return element is not None and any(a is root for a in element.iterancestors())
