"""The sample manual's contents: sections, groups and rows, loaded from TOML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

AMENDMENTS_SLUG = "amendments"
VALUES_SLUG = "values"


class SampleSiteError(Exception):
    """Base of every error the sample manual raises."""


class DataError(SampleSiteError):
    """The bundled data (contents, chapter sources, deltas) is inconsistent."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


def slugify(title: str) -> str:
    """The slug rule of SAMPLE.md: lowercase, apostrophes dropped, other runs -> '-'."""
    text = title.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def classic_file(slug: str) -> str:
    """The classic layout's file name (without .html) of an on-site page."""
    if slug in (VALUES_SLUG, AMENDMENTS_SLUG):
        return slug
    return ("p_" + slug.replace("-", "_"))[:40].rstrip("_")


def long_date(day: dt.date) -> str:
    """'October 28, 2025' as the current layout shows dates."""
    return f"{day:%B} {day.day}, {day.year}"


@dataclass
class Row:
    """One row of a group: a numbered listing, a cross-reference or an off-site link."""

    title: str
    number: str | None = None
    slug: str | None = None  # on-site page
    url: str | None = None  # off-site link
    prefix: str | None = None  # "See also:", "See:", "and"
    note: str | None = None  # text after the link, e.g. "(GOV.UK)"
    title2: str | None = None  # a second link on the same row (cross-border row)
    url2: str | None = None
    flag: str | None = None  # "Updated" / "New"
    date: dt.date | None = None

    @property
    def is_listing(self) -> bool:
        """A numbered row that links to an on-site page: a chapter listing."""
        return self.number is not None and self.slug is not None


@dataclass
class Group:
    """A numbered group of rows; a group with a slug is itself a chapter (1.1)."""

    number: str | None = None
    title: str | None = None
    title_current: str | None = None
    slug: str | None = None
    flag: str | None = None
    date: dt.date | None = None
    rows: list[Row] = field(default_factory=list)

    def as_row(self) -> Row | None:
        """The group's own chapter listing, if the group is a chapter."""
        if self.slug is None or self.title is None:
            return None
        return Row(
            title=self.title, number=self.number, slug=self.slug, flag=self.flag, date=self.date
        )


@dataclass
class Section:
    number: str
    title: str
    groups: list[Group] = field(default_factory=list)


@dataclass
class Contents:
    title: str
    council: str
    sections: list[Section]

    def listings(self) -> Iterator[Row]:
        """Every chapter listing (numbered, on-site) in contents order."""
        for section in self.sections:
            for group in section.groups:
                own = group.as_row()
                if own is not None:
                    yield own
                yield from (row for row in group.rows if row.is_listing)

    def rows(self) -> Iterator[Row]:
        """Every row object, group rows only (the group chapter is not a Row here)."""
        for section in self.sections:
            for group in section.groups:
                yield from group.rows

    def groups(self) -> Iterator[Group]:
        for section in self.sections:
            yield from section.groups

    def slugs(self) -> list[str]:
        """Distinct on-site pages linked from the contents (listings first)."""
        found = [row.slug for row in self.listings()]
        found += [row.slug for row in self.rows() if row.slug]
        return list(dict.fromkeys(s for s in found if s))

    def titles(self) -> dict[str, str]:
        """Slug -> title of its first listing (or first link row)."""
        titles: dict[str, str] = {}
        for row in [*self.listings(), *self.rows()]:
            if row.slug and row.slug not in titles:
                titles[row.slug] = row.title
        return titles

    def find_group(self, number: str) -> Group:
        for group in self.groups():
            if group.number == number:
                return group
        raise DataError(f"no group {number}", "contents")


def _row(raw: dict[str, Any]) -> Row:
    return Row(**raw)


def _group(raw: dict[str, Any]) -> Group:
    rows = [_row(r) for r in raw.get("rows", [])]
    fields = {k: v for k, v in raw.items() if k != "rows"}
    return Group(rows=rows, **fields)


def contents_from_toml(raw: dict[str, Any]) -> Contents:
    """Build the contents model from the parsed contents.toml."""
    sections = [
        Section(
            number=s["number"], title=s["title"], groups=[_group(g) for g in s.get("groups", [])]
        )
        for s in raw["sections"]
    ]
    return Contents(title=raw["title"], council=raw["council"], sections=sections)
