"""Page furniture: the parts of a page that are not its own content.

Removed by structure (nav, header, footer, aside, form and their ARIA roles, skip
links, in-page "top of page" links) and, for classic pages whose furniture is plain
markup, by the furniture's own wording (text-size bars, "Top of page").
"""

from __future__ import annotations

import re

import lxml.html

from crawler.htmltree import collapse, drop, tag_of, text_of

FURNITURE_TAGS = ("nav", "header", "footer", "aside", "form", "caption", "button", "dialog",
                  "iframe", "select", "input", "textarea")
FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "dialog"})
_ANCHOR_LINK = re.compile(
    r"^(skip (to|navigation)\b.*|(back to |return to )?top( of (the )?page)?"
    r"|print( this page)?)$", re.I)
FURNITURE_LINE = re.compile(
    r"^(size:?\s*)?(view this (web)?site with .*|(small|medium|large) text( .*)?"
    r"|high visibility)$|^(skip to (main )?content|top of page|back to top|back to contents)$",
    re.I)


def is_furniture(element: lxml.html.HtmlElement, keep: lxml.html.HtmlElement | None) -> bool:
    """Is this element furniture? `keep` (the title) and its ancestors never are."""
    tag = tag_of(element)
    role = (element.get("role") or "").strip().lower()
    if tag not in FURNITURE_TAGS and role not in FURNITURE_ROLES:
        return False
    if keep is not None and (element is keep or keep in element.iterdescendants()):
        return False
    return True


def _anchor_furniture(element: lxml.html.HtmlElement) -> bool:
    """A same-page or '#' link such as "Skip to main content" or "Top of page"."""
    href = (element.get("href") or "").strip()
    return href.startswith("#") and bool(_ANCHOR_LINK.match(text_of(element)))


def strip_furniture(root: lxml.html.HtmlElement,
                    keep: lxml.html.HtmlElement | None = None) -> None:
    """Remove furniture elements below `root` in place, sparing `keep` and its ancestors."""
    doomed = [e for e in root.iterdescendants() if tag_of(e) and is_furniture(e, keep)]
    doomed += [a for a in root.iter("a") if _anchor_furniture(a)]
    for element in doomed:
        if element.getparent() is not None and _attached(element, root):
            drop(element)


def _attached(element: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    return any(ancestor is root for ancestor in element.iterancestors())


def is_furniture_line(line: str) -> bool:
    """A line of text that is furniture by its wording (classic text-size bars and the like)."""
    return bool(FURNITURE_LINE.match(collapse(line)))
