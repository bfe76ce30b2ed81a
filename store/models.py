"""Records the store hands out: runs, chapters, versions and changes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChapterState:
    """A chapter as last accepted: its identity and how the contents page lists it."""

    id: int
    manual: str
    url: str
    number: str | None
    numbers: tuple[str, ...]
    title: str
    section: str
    listed: bool  # False once it has gone from the contents page
    flag: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    latest_version_id: int | None = None
    latest_hash: str | None = None


@dataclass(frozen=True)
class Version:
    id: int
    chapter_id: int
    run_id: int
    seen_at: str  # UTC ISO-8601
    text_hash: str
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (link text, URL) in the chapter, page order


@dataclass(frozen=True)
class PreviousRef:
    number: str | None
    title: str
    url: str


@dataclass(frozen=True)
class Change:
    """One change record: what `run --json` reports and the appendix and emails render."""

    kind: str  # new | updated | removed | renamed | renumbered | moved
    chapter_id: int
    number: str | None
    title: str
    url: str
    numbers: tuple[str, ...] = ()
    section: str = ""  # contents section the chapter sits in, e.g. "5. Looked After Children"
    previous: PreviousRef | None = None
    publisher_flag: str | None = None
    words_added: int = 0
    words_removed: int = 0
    counts_exact: bool = True  # False: a chapter too large for one exact table (README)
    sections: tuple[str, ...] = ()
    section_paths: tuple[tuple[str, ...], ...] = ()
    run_id: int = 0
    seen_at: str = ""  # UTC ISO-8601 of the run that first saw it
    id: int = 0
    from_version_id: int | None = None
    to_version_id: int | None = None

    def to_json(self) -> dict:
        out = {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "url": self.url,
            "numbers": list(self.numbers),
            "previous": (
                None
                if self.previous is None
                else {"number": self.previous.number, "title": self.previous.title,
                      "url": self.previous.url}
            ),
            "publisher_flag": self.publisher_flag,
        }
        if self.kind == "updated":
            out.update(
                words_added=self.words_added,
                words_removed=self.words_removed,
                sections=list(self.sections),
                section_paths=[list(p) for p in self.section_paths],
            )
            if not self.counts_exact:
                out["counts"] = "approximate"
        return out


@dataclass(frozen=True)
class Run:
    id: int
    manual: str
    status: str  # running | ok | partial | failed | quarantined | approved | rejected
    baseline: bool
    started_at: str
    finished_at: str | None
    chapters: int = 0
    fetched: int = 0
    not_modified: int = 0
    errors: tuple[dict, ...] = ()
    skipped: tuple[dict, ...] = ()
    changes: tuple[Change, ...] = field(default_factory=tuple)
    bytes: int = 0  # body bytes downloaded
    guard: str | None = None  # why the run was quarantined
    documents: tuple[DocumentChange, ...] = ()  # linked documents' records
    publish_ok: bool | None = None  # None: nothing was published (yet), or before issue 12
    publish_error: str | None = None
    # digests of this run that failed or are uncertain: (recipient, status, error)
    email_problems: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Follow:
    """One thing a subscriber follows: everything, a chapter, or a contents section."""

    kind: str  # all | chapter | section
    selector: str = ""  # chapter number/URL as given, or section number prefix like "5" or "5.1"
    chapter_id: int | None = None  # the chapter a chapter selector named when subscribing


@dataclass(frozen=True)
class Subscriber:
    id: int
    email: str
    manual: str
    token: str
    created_at: str
    follows: tuple[Follow, ...] = ()
    adoption: bool = False  # also told when another manual takes up a change they follow


@dataclass(frozen=True)
class OutboxItem:
    id: int
    run_id: int
    subscriber_id: int
    recipient: str
    subject: str
    message: str  # the whole RFC 5322 message as text
    status: str  # queued | sending | sent | failed | uncertain
    attempts: int = 0
    error: str | None = None
    sent_at: str | None = None


@dataclass(frozen=True)
class DocumentState:
    """A linked document as last seen: identity, linking chapters, validators, latest version."""

    id: int
    manual: str
    url: str
    title: str
    type: str
    linked_from: tuple[str, ...]
    listed: bool  # False once no chapter links it
    etag: str | None = None
    last_modified: str | None = None
    raw_sha256: str | None = None  # hash of the bytes last read
    status: int | None = None  # HTTP status of the last fetch
    error: str | None = None
    skipped: str | None = None
    latest_version_id: int | None = None
    latest_hash: str | None = None
    latest_seen_at: str | None = None
    has_text: bool = True


@dataclass(frozen=True)
class DocumentVersion:
    id: int
    document_id: int
    run_id: int
    seen_at: str
    text_hash: str  # of the text, or "bytes:<sha256>" when there is no text
    has_text: bool
    text: str
    raw_sha256: str
    nbytes: int = 0
    no_text: str | None = None  # why there is no text


@dataclass(frozen=True)
class DocumentChange:
    """One document record of a run (`run --json` `documents`)."""

    kind: str  # new | updated | removed
    document_id: int
    url: str
    title: str
    type: str
    linked_from: tuple[str, ...] = ()
    words_added: int = 0
    words_removed: int = 0
    has_text: bool = True
    sections: tuple[str, ...] = ()
    run_id: int = 0
    seen_at: str = ""
    id: int = 0
    from_version_id: int | None = None
    to_version_id: int | None = None

    def to_json(self) -> dict:
        out = {"kind": self.kind, "url": self.url, "title": self.title, "type": self.type,
               "linked_from": list(self.linked_from)}
        if self.kind == "updated":
            out.update(words_added=self.words_added, words_removed=self.words_removed,
                       text=self.has_text)
        return out


@dataclass(frozen=True)
class BrokenLink:
    """A link in a chapter that answered 404/410 in a run."""

    run_id: int
    chapter_id: int
    number: str | None
    title: str
    url: str  # the chapter
    target: str  # the dead link
    detail: str  # "HTTP 404"
