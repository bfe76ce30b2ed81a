"""Records the notifier renders from and produces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from differ.models import ChapterDiff


@dataclass(frozen=True)
class Digest:
    """One email to one subscriber about one run's changes."""

    to: str
    subject: str
    text: str
    html: str
    manual: str
    run_id: int
    unsubscribe_url: str | None = None


@dataclass(frozen=True)
class Reached:
    """A change of a chapter the subscriber follows, now taken up by another manual: the same
    edit found in that manual's counterpart chapter by one of its runs."""

    number: str | None  # the chapter in the subscriber's manual
    title: str
    inserted: str  # the edit's words, as recorded when first seen
    deleted: str
    manual: str  # the manual that took it up, as its readers know it
    number_there: str | None  # the counterpart chapter's number there
    seen_at: str  # UTC ISO-8601 of the run that found it there
    first_manual: str | None  # where it was first seen (None: the subscriber's own manual)
    first_seen_at: str
    compare_url: str | None = None  # the subscriber's chapter beside the counterpart
    had_before: bool = False  # the subscriber's manual had the new text from its baseline
    taken_up_at: str | None = None  # when the subscriber's manual took it up (first seen
    # elsewhere)


@dataclass(frozen=True)
class AmendmentEntry:
    """One row of the amendments appendix: a chapter and what happened to it."""

    kind: str  # new | updated | removed | renamed | moved (renumbered-only records are left out)
    number: str | None
    title: str
    url: str
    details: str
    date: str  # 'YYYY-MM-DD', the Europe/London day the change was first seen
    change_id: int = 0  # the change record's id (0 when built from records without one)
    seen_at: str = ""  # UTC ISO-8601 of the run that first saw it
    note: str | None = None  # the chapter's own Amendment note, quoted when it changed
    diff: ChapterDiff | None = None  # our diff of the two versions (updated chapters)

    @property
    def anchor(self) -> str:
        """The in-page id of this entry's diff."""
        return f"diff-{self.change_id}"


@dataclass(frozen=True)
class DocumentEntry:
    """One row of an appendix's "Forms and documents" table: a linked document that changed."""

    kind: str  # new | updated | removed
    title: str
    url: str
    type: str  # pdf | docx | ...
    linked_from: tuple[str, ...]  # contents numbers of the chapters that link it
    details: str
    date: str  # 'YYYY-MM-DD', the Europe/London day it was first seen
    seen_at: str = ""
    change_id: int = 0
    diff: ChapterDiff | None = None  # our diff of its two texts (updated, with text)


@dataclass(frozen=True)
class Update:
    """The changes first seen on one day."""

    date: str
    entries: tuple[AmendmentEntry, ...]
    documents: tuple[DocumentEntry, ...] = ()


@dataclass(frozen=True)
class KindTable:
    """One New / Updated / Removed / Renamed / Moved table of a month."""

    kind: str
    heading: str  # 'New Chapters'
    entries: tuple[AmendmentEntry, ...]


@dataclass(frozen=True)
class MonthGroup:
    year: int
    month: int
    label: str  # 'November 2026'
    tables: tuple[KindTable, ...]
    documents: tuple[DocumentEntry, ...] = ()  # the "Forms and documents" table

    @property
    def anchor(self) -> str:
        return f"m{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: tuple[MonthGroup, ...]  # newest first


@dataclass(frozen=True)
class Amendments:
    """The amendments appendix: by day for JSON, by year and month for reading; newest first."""

    updates: tuple[Update, ...]
    years: tuple[YearGroup, ...]
    audit: tuple[AuditFinding, ...] | None = None  # None: the publisher audit was not run


@dataclass(frozen=True)
class ChangeSources:
    """What the store holds beyond a change record: both texts and both Amendment notes."""

    old_text: str | None = None
    new_text: str | None = None
    old_note: str | None = None
    new_note: str | None = None


@dataclass(frozen=True)
class AuditFinding:
    """One place where the publisher's own record and the text disagree."""

    kind: str  # silent_change | marker_without_change | date_mismatch | broken_link
    number: str | None
    title: str
    url: str
    detail: str
    date: str = ""  # 'YYYY-MM-DD', the Europe/London day of the run that found it
    run_id: int = 0
    chapter_id: int = 0
    target: str | None = None  # broken_link: the dead link


@dataclass(frozen=True)
class ContentsRow:
    """One numbered row of the annotated contents page."""

    number: str
    title: str
    url: str
    section: str
    group: str
    publisher_flag: str | None  # the publisher's "Updated"/"New" marker, as the page shows it
    publisher_date: str | None  # the publisher's row date, ISO, as the page shows it
    badge: str | None = None  # our own "New"/"Updated"/"Renamed"/"Moved" within the window
    badge_date: str | None = None  # 'YYYY-MM-DD' we first saw that change


@dataclass(frozen=True)
class AnnotatedContents:
    """The manual's contents as last seen, with our badges beside the publisher's markers."""

    manual_title: str
    seen_at: str  # UTC ISO-8601 of the run whose contents these are
    as_of: str  # 'YYYY-MM-DD' the badge window ends
    days: int
    rows: tuple[ContentsRow, ...]
