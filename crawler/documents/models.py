"""Records of linked documents: settings, a discovered link, and the outcome of one fetch."""

from __future__ import annotations

from dataclasses import dataclass, field

DOCUMENT_TYPES = ("pdf", "docx", "doc", "odt", "xlsx", "rtf")


@dataclass(frozen=True)
class DocumentSettings:
    """`[documents]` as the crawler sees it (built from the config at the edge)."""

    enabled: bool = True
    max_bytes: int = 20_000_000
    types: tuple[str, ...] = DOCUMENT_TYPES
    extract_seconds: float = 20.0  # wall-clock limit of one extraction
    extract_memory_bytes: int = 768 * 1024 * 1024  # address-space limit of the worker
    max_unpacked_bytes: int = 200_000_000  # a zip (docx/odt) unpacking to more is not read


@dataclass(frozen=True)
class LinkingChapter:
    """A chapter that links a document: its contents number, title and URL."""

    number: str | None
    title: str
    url: str


@dataclass(frozen=True)
class DocumentLink:
    """A document linked from chapters' own content, identified by its URL."""

    url: str
    title: str  # the link text of its first link, contents order
    type: str | None  # pdf | docx | doc | odt | xlsx | rtf; None: as its Content-Type says
    chapters: tuple[LinkingChapter, ...] = field(default_factory=tuple)

    @property
    def linked_from(self) -> tuple[str, ...]:
        return tuple(c.number or c.url for c in self.chapters)


@dataclass(frozen=True)
class FetchedDocument:
    """The outcome of fetching one document URL."""

    url: str
    status: int  # HTTP status, 0 when no response arrived
    etag: str | None = None
    last_modified: str | None = None
    raw_sha256: str | None = None  # hash of the body bytes (None on 304 or error)
    nbytes: int = 0
    text: str | None = None  # normalised block text; None when none could be extracted
    no_text: str | None = None  # why there is no text ("scanned", "encrypted", ...)
    error: str | None = None  # one line: the document could not be had or read
    skipped: str | None = None  # deliberately not read (over max_bytes)
    type: str | None = None  # the type the link or, without an extension, the Content-Type names
    not_document: bool = False  # a link known only by its Content-Type, which is no document's

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def gone(self) -> bool:
        """The link is dead: 404 Not Found or 410 Gone."""
        return self.status in (404, 410)
