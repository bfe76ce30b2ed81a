"""Finding documents among a chapter's links: same host (or extra hosts) and a document type."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urldefrag, urlsplit

from crawler.documents.models import DocumentLink, LinkingChapter

CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
}


def document_type(url: str) -> str | None:
    """The document type a URL's path names by its extension ('pdf', 'docx', ...), or None."""
    path = urlsplit(url).path.lower()
    name = path.rsplit("/", 1)[-1]
    if "." not in name:
        return None
    extension = name.rsplit(".", 1)[-1]
    return extension if extension in CONTENT_TYPES.values() else None


def type_of_content(content_type: str) -> str | None:
    """The document type a Content-Type header names, or None."""
    return CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def document_links(chapters: Iterable[tuple[LinkingChapter, Iterable[tuple[str, str]]]],
                   hosts: Iterable[str], types: Iterable[str]) -> list[DocumentLink]:
    """The documents that chapters link, first-seen order; `chapters` in contents order as
    (chapter, its (link text, URL) pairs). A document's title is its first link's text."""
    allowed_hosts = {h.lower() for h in hosts}
    wanted = set(types)
    found: dict[str, tuple[str, str, list[LinkingChapter]]] = {}
    for chapter, links in chapters:
        own_hosts = allowed_hosts | {_host(chapter.url)}
        for text, target in links:
            url = urldefrag(target).url
            kind = document_type(url)
            if kind not in wanted or _host(url) not in own_hosts:
                continue
            title, _, linking = found.setdefault(url, (text, kind, []))
            if chapter not in linking:
                linking.append(chapter)
    return [DocumentLink(url, title, kind, tuple(linking))
            for url, (title, kind, linking) in found.items()]
