"""Records the crawler hands to the pipeline: contents entries and fetched pages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChapterRef:
    """One numbered row of a manual's contents page, as the page shows it."""

    number: str | None  # "1.1.3"; None only for unnumbered rows (never yielded as chapters)
    title: str  # the link text, without number, marker or date
    url: str  # absolute URL (fragment removed)
    section: str = ""  # top-level section heading, e.g. "1. All Children"
    group: str = ""  # group heading inside the section, e.g. "1.1 Policy Values and Principles"
    flag: str | None = None  # "Updated" / "New" marker beside the title, or None
    date: str | None = None  # publisher's date beside the row, ISO "YYYY-MM-DD", or None
    offsite: bool = False  # link leaves the manual's host(s) or is an intranet link
    note: str = ""  # e.g. "(intranet link)", "(GOV.UK)"


@dataclass(frozen=True)
class Contents:
    """A parsed contents page: its rows in page order."""

    url: str
    title: str
    refs: tuple[ChapterRef, ...]
    last_updated: str | None = None  # footer "Last Updated" date, ISO, if shown
    nbytes: int = 0  # body bytes of the contents page


@dataclass(frozen=True)
class FetchedPage:
    """The outcome of fetching one chapter URL."""

    url: str  # the URL asked for
    status: int  # HTTP status (200, 304, ...) or 0 when no response arrived
    text: str | None = None  # normalised chapter text (None on 304 or error)
    page_title: str | None = None  # the page's own H1 title
    amendment: str | None = None  # the chapter's "Amendment" sentence, if found
    etag: str | None = None
    last_modified: str | None = None
    raw_sha256: str | None = None  # hash of the response body bytes
    nbytes: int = 0  # bytes of body received
    error: str | None = None  # one-line error when the page could not be had
    skipped: str | None = None  # reason the page was deliberately not fetched
    # links in the chapter's own content, page order: (link text, absolute URL); in-page
    # anchors ("#section-3") left out
    links: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and self.skipped is None and self.status in (200, 304)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Validators:
    """What a conditional GET sends: the stored ETag / Last-Modified of a URL."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class CrawlSettings:
    delay_seconds: float = 1.0
    timeout_seconds: float = 30.0
    user_agent: str = "manualwatch"
    retries: int = 3
    backoff_seconds: float = 0.5
    max_bytes: int = 10_000_000
    concurrency: int = 1  # pages fetched at once; the per-host delay still holds
    extra_hosts: tuple[str, ...] = field(default_factory=tuple)
