"""Finding documents among a chapter's links: same host (or extra hosts) and a document type."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from urllib.parse import urlsplit

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


DOCUMENT_EXTENSIONS = frozenset(CONTENT_TYPES.values())


def _type_of_path(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    return extension if extension in DOCUMENT_EXTENSIONS else None


def document_type(url: str) -> str | None:
    """The document type a URL's path names by its extension ('pdf', 'docx', ...), or None."""
    return _type_of_path(urlsplit(url).path)


MEDIA_SEGMENTS = frozenset({"files", "media"})  # tri.x: classic .../files/..., current
# /media/... and /trixcms/media/...: where a link without an extension may still be a document


def _media_path(path: str) -> bool:
    """A path naming no extension but lying under a media folder (`/files/`, `/media/`,
    `/trixcms/media/`): a document or not, as its Content-Type says."""
    segments = [s for s in path.lower().split("/") if s]
    return (len(segments) > 1 and "." not in segments[-1]
            and any(s in MEDIA_SEGMENTS for s in segments[:-1]))


def type_of_content(content_type: str) -> str | None:
    """The document type a Content-Type header names, or None."""
    return CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def document_links(chapters: Iterable[tuple[LinkingChapter, Iterable[tuple[str, str]]]],
                   hosts: Iterable[str], types: Iterable[str],
                   pages: Collection[str] = ()) -> list[DocumentLink]:
    """The documents that chapters link, first-seen order; `chapters` in contents order as
    (chapter, its (link text, URL) pairs). A document's title is its first link's text.
    A link without a document extension under a media folder (and not one of `pages`, the
    manual's chapter URLs) comes back with type None: its Content-Type decides."""
    allowed_hosts = {h.lower() for h in hosts}
    wanted = set(types)
    found: dict[str, tuple[str, str | None, list[LinkingChapter]]] = {}
    for chapter, links in chapters:
        own_hosts = allowed_hosts | {_host(chapter.url)}
        for text, target in links:
            parts = urlsplit(target)  # once per link: chapters link far more than documents
            if (parts.hostname or "").lower() not in own_hosts:
                continue
            kind = _type_of_path(parts.path)
            if kind is None:
                if not _media_path(parts.path):
                    continue
            elif kind not in wanted:
                continue
            url = parts._replace(fragment="").geturl() if parts.fragment else target
            if url in pages:
                continue
            title, _, linking = found.setdefault(url, (text, kind, []))
            if chapter not in linking:
                linking.append(chapter)
    return [DocumentLink(url, title, kind, tuple(linking))
            for url, (title, kind, linking) in found.items()]
