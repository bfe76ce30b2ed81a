"""Parsing HTML with lxml and the small helpers both readers (contents, chapters) share."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from crawler.charset import decode_html

# Elements that start a new line of text; everything else is inline.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
NEVER_TEXT = ("script", "style", "noscript", "template", "object", "embed", "svg", "math")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(html: str | bytes) -> lxml.html.HtmlElement:
    """The document's root element; bytes are decoded by meta charset or detection."""
    text = decode_html(html) if isinstance(html, bytes) else html
    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        text = "<html><body></body></html>"
    root = lxml.html.document_fromstring(text)
    strip_never_text(root)
    return root


def strip_never_text(root: lxml.html.HtmlElement) -> None:
    """Remove scripts, styles, templates and comments (keeping the text that follows them)."""
    etree.strip_elements(root, *NEVER_TEXT, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)


def collapse(text: str) -> str:
    """Whitespace runs (including no-break spaces) as single spaces, trimmed."""
    return " ".join(text.split())


def tag_of(element: object) -> str:
    """An element's lower-case tag name ('' for comments and other non-elements)."""
    tag = getattr(element, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def text_of(element: lxml.html.HtmlElement) -> str:
    """All text inside an element, whitespace collapsed."""
    return collapse("".join(element.itertext()))


def drop(element: lxml.html.HtmlElement) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    element.drop_tree()
