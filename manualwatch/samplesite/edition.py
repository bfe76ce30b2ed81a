"""Editions of the sample manual: edition 1 from data/, later ones by applying hand-written deltas.

A delta (data/editions/<N>/delta.toml) holds:
    published = 2026-06-01                      the edition's publication date
    clear_flags = true                          drop the previous edition's markers first
    [furniture]                                 furniture fields that change (see Furniture)
    [[contents]] op = "insert" | "remove" | "set" | "move_row"   contents changes
    [[text]] slug, old, new                     exact one-occurrence text replacements
    [[markup]] slug, bold/span (phrases), reflow, attrs         markup-only rendering changes
    remove_documents = ["name.pdf"]             linked documents taken off the server (404)
    [[resources]] title, document               a document the library page adds
    remove_pages = ["slug"]                     chapter pages taken off the server while the
                                                contents still lists them (404)
and data/editions/<N>/chapters/<slug>.txt for chapters the edition adds, and
data/editions/<N>/documents/<name> for documents it adds or replaces.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from manualwatch.samplesite.amendments import AmendmentEntry, load_amendments
from manualwatch.samplesite.contents import (
    AMENDMENTS_SLUG,
    Contents,
    Row,
    contents_from_toml,
)

DATA = Path(__file__).parent / "data"
EDITIONS = (1, 2, 3)


@dataclass(frozen=True)
class Furniture:
    """Page furniture that editions change: never part of a chapter's text."""

    version: str
    menu: tuple[str, ...]
    size_label: str
    size_links: tuple[str, ...]
    footer_note: str


@dataclass
class Edition:
    number: int
    published: dt.date
    contents: Contents
    sources: dict[str, str]  # slug -> chapter source text
    furniture: Furniture
    markup: dict[str, dict[str, Any]] = field(default_factory=dict)
    amendments: list[AmendmentEntry] = field(default_factory=list)
    next_update: str | None = None
    missing: list[str] = field(default_factory=list)  # listed slugs with no source yet
    documents: dict[str, Path] = field(default_factory=dict)  # file name -> its bytes' file
    gone_pages: list[str] = field(default_factory=list)  # listed slugs whose page answers 404
    resources: list[tuple[str, str]] = field(default_factory=list)  # library: (title, file name)

    def page_slugs(self) -> list[str]:
        """Every on-site page the contents links to, the amendments page included."""
        return self.contents.slugs()


def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _furniture(raw: dict[str, Any]) -> Furniture:
    return Furniture(
        version=raw["version"],
        menu=tuple(raw["menu"]),
        size_label=raw["size_label"],
        size_links=tuple(raw["size_links"]),
        footer_note=raw["footer_note"],
    )


def first_edition() -> Edition:
    raw = _read_toml(DATA / "contents.toml")
    contents = contents_from_toml(raw)
    sources: dict[str, str] = {}
    missing: list[str] = []
    for slug in contents.slugs():
        path = DATA / "chapters" / f"{slug}.txt"
        if slug == AMENDMENTS_SLUG:
            continue
        if path.exists():
            sources[slug] = path.read_text(encoding="utf-8")
        else:
            missing.append(slug)
    amendments = load_amendments(DATA / "editions" / "1" / "AMENDMENTS.md")
    return Edition(
        number=1,
        published=raw["published"],
        contents=contents,
        sources=sources,
        furniture=_furniture(raw["furniture"]),
        amendments=list(amendments.entries),
        next_update=amendments.next_update,
        missing=missing,
        documents=documents_in(DATA / "documents"),
        resources=[(d["title"], d["document"])
                   for d in _read_toml(DATA / "resources.toml")["documents"]],
    )


def documents_in(folder: Path) -> dict[str, Path]:
    """The document files of a folder by name (none when it does not exist)."""
    if not folder.is_dir():
        return {}
    return {path.name: path for path in sorted(folder.iterdir()) if path.is_file()}


def edition_dir(number: int) -> Path:
    return DATA / "editions" / str(number)


def with_furniture(edition: Edition, changes: dict[str, Any]) -> Furniture:
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()}
    return replace(edition.furniture, **values)


def listing_rows(edition: Edition, slug: str) -> list[Row]:
    """The chapter listings of `slug` in contents order (several for a multi-listed chapter)."""
    return [row for row in edition.contents.listings() if row.slug == slug]
