"""Records the notifier renders from and produces."""

from __future__ import annotations

from dataclasses import dataclass


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
class AmendmentEntry:
    """One row of the amendments appendix: a chapter and what happened to it."""

    kind: str  # new | updated | removed | renamed | moved (renumbered-only records are left out)
    number: str | None
    title: str
    url: str
    details: str
    date: str  # 'YYYY-MM-DD', the Europe/London day the change was first seen


@dataclass(frozen=True)
class Update:
    """The changes first seen on one day."""

    date: str
    entries: tuple[AmendmentEntry, ...]


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
