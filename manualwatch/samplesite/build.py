"""Render one edition of the sample manual, in the classic or current layout, to real files.

Classic (proceduresonline.com style): /norfolk_cs/chapters/contents.html, <file>.html,
amendments.html. Current (trixonline.co.uk style): /contents/contents, /chapter/<slug>,
/amendments. Both: /robots.txt and a logo image.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from manualwatch.samplesite.amendments import by_month
from manualwatch.samplesite.chapter_source import parse_chapter
from manualwatch.samplesite.contents import (
    AMENDMENTS_SLUG,
    Group,
    Row,
    classic_file,
    long_date,
)
from manualwatch.samplesite.edition import DATA, Edition
from manualwatch.samplesite.editions import load_edition
from manualwatch.samplesite.render import render_chapter

LAYOUTS = ("classic", "current")
CLASSIC_DIR = "/norfolk_cs/chapters/"


class LayoutError(ValueError):
    """An unknown layout name."""


def check_layout(layout: str) -> str:
    if layout not in LAYOUTS:
        raise LayoutError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    return layout


def page_path(layout: str, slug: str) -> str:
    """The URL path of an on-site page (chapter or amendments) in a layout."""
    if check_layout(layout) == "classic":
        return f"{CLASSIC_DIR}{classic_file(slug)}.html"
    return "/amendments" if slug == AMENDMENTS_SLUG else f"/chapter/{slug}"


def contents_path(layout: str) -> str:
    return (
        f"{CLASSIC_DIR}contents.html" if check_layout(layout) == "classic" else "/contents/contents"
    )


def document_path(layout: str, name: str) -> str:
    """The URL path of a linked document: classic `/norfolk_cs/files/<name>`, current
    `/media/<number>/<name>` (the number a stable function of the name), or
    `/trixcms/media/<number>/<name>` for a name without an extension."""
    if check_layout(layout) == "classic":
        return f"/norfolk_cs/files/{name}"
    folder = "/media" if "." in name else "/trixcms/media"  # tri.x download links: no extension
    return f"{folder}/{1000 + zlib.crc32(name.encode()) % 9000}/{name}"


def resources_path(layout: str) -> str:
    """The URL path of the documents library (a tri.x "Local Resources" page, not listed)."""
    if check_layout(layout) == "classic":
        return f"{CLASSIC_DIR}local_resources.html"
    return "/resources/documents-library"


def logo_path(layout: str) -> str:
    return "/norfolk_cs/images/norfolk_logo.svg" if layout == "classic" else "/images/logo.svg"


@dataclass(frozen=True)
class RowView:
    """A contents row as both layouts' templates use it."""

    title: str
    href: str | None
    number: str | None = None
    prefix: str | None = None
    note: str | None = None
    title2: str | None = None
    href2: str | None = None
    flag: str | None = None
    date: str | None = None


def _href(layout: str, slug: str | None, url: str | None) -> str | None:
    if slug is None:
        return url
    if layout == "classic":
        return f"{classic_file(slug)}.html"
    return page_path(layout, slug)


def _row_view(layout: str, row: Row, title: str | None = None) -> RowView:
    return RowView(
        title=title or row.title,
        href=_href(layout, row.slug, row.url),
        number=row.number,
        prefix=row.prefix,
        note=row.note,
        title2=row.title2,
        href2=row.url2,
        flag=row.flag,
        date=long_date(row.date) if row.date else None,
    )


def _group_view(layout: str, group: Group) -> dict[str, Any]:
    own = group.as_row()
    title = group.title_current if layout == "current" and group.title_current else group.title
    return {
        "number": group.number,
        "title": title,
        "own": _row_view(layout, own, title) if own else None,
        "rows": [_row_view(layout, row) for row in group.rows],
    }


class Builder:
    """Renders every page of one edition in one layout."""

    def __init__(self, edition: Edition, layout: str) -> None:
        self.edition = edition
        self.layout = check_layout(layout)
        self.env = Environment(
            loader=PackageLoader("manualwatch.samplesite", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.site = {
            "title": edition.contents.title,
            "council": edition.contents.council,
            "furniture": edition.furniture,
            "published": long_date(edition.published),
            "published_classic": f"{edition.published.day} {edition.published:%B %Y}",
            "logo": logo_path(layout),
            "contents": contents_path(layout) if layout == "current" else "contents.html",
            "amendments": _href(layout, AMENDMENTS_SLUG, None),
        }

    def _render(self, template: str, **context: Any) -> bytes:
        page = self.env.get_template(f"{self.layout}/{template}").render(site=self.site, **context)
        return page.encode("utf-8")

    def contents_page(self) -> bytes:
        sections = [
            {
                "number": s.number,
                "title": s.title,
                "groups": [_group_view(self.layout, g) for g in s.groups],
            }
            for s in self.edition.contents.sections
        ]
        return self._render("contents.html", sections=sections)

    def _breadcrumb(self, slug: str) -> list[str]:
        for section in self.edition.contents.sections:
            for group in section.groups:
                rows = [group.as_row(), *group.rows]
                if any(r is not None and r.slug == slug and r.number for r in rows):
                    trail = [f"{section.number}. {section.title}"]
                    if group.number and group.slug != slug:
                        trail.append(f"{group.number} {group.title}")
                    return trail
        return []

    def chapter_page(self, slug: str) -> bytes:
        source = parse_chapter(self.edition.sources[slug], slug)
        chapter = render_chapter(source, self.edition.markup.get(slug), self._resolve)
        return self._render("chapter.html", chapter=chapter, trail=self._breadcrumb(slug))

    def _resolve(self, target: str) -> str:
        kind, _, name = target.partition(":")
        return document_path(self.layout, name) if kind == "doc" else page_path(self.layout, name)

    def _entry_href(self, slug: str | None) -> str | None:
        """Link of an amendments entry; entries for pages gone since are left unlinked."""
        if slug is None or slug not in self.edition.sources:
            return None
        return _href(self.layout, slug, None)

    def amendments_page(self) -> bytes:
        months = by_month(self.edition.amendments)
        years: dict[int, list[Any]] = {}
        for month, entries in months:
            views = [(e, self._entry_href(e.slug)) for e in entries]
            years.setdefault(month.year, []).append((f"{month:%B %Y}", views))
        return self._render(
            "amendments.html",
            months=[m for y in years.values() for m in y],
            years=years,
            next_update=self.edition.next_update,
        )

    def resources_page(self) -> bytes:
        documents = [(title, document_path(self.layout, name))
                     for title, name in self.edition.resources]
        return self._render("resources.html", documents=documents)

    def pages(self) -> dict[str, bytes]:
        """URL path -> bytes for every file of the edition."""
        files = {
            "/robots.txt": b"User-agent: *\nAllow: /\n",
            logo_path(self.layout): (DATA / "static" / "logo.svg").read_bytes(),
            "/favicon.ico": (DATA / "static" / "logo.svg").read_bytes(),
            contents_path(self.layout): self.contents_page(),
            page_path(self.layout, AMENDMENTS_SLUG): self.amendments_page(),
            resources_path(self.layout): self.resources_page(),
        }
        if self.layout == "current":
            files["/"] = self._render("home.html")
        for slug in self.edition.page_slugs():
            if slug in self.edition.sources and slug not in self.edition.gone_pages:
                files[page_path(self.layout, slug)] = self.chapter_page(slug)
        for name, path in self.edition.documents.items():
            files[document_path(self.layout, name)] = path.read_bytes()
        return files


def file_for(root: Path, url_path: str) -> Path:
    """Where a URL path's bytes live under a build directory ('/x/' -> x/index.html)."""
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return root / relative


def build(edition: int | Edition, layout: str, out_dir: Path) -> dict[str, Path]:
    """Render edition N in `layout` into out_dir; returns URL path -> written file."""
    resolved = load_edition(edition) if isinstance(edition, int) else edition
    written: dict[str, Path] = {}
    for url_path, data in Builder(resolved, layout).pages().items():
        target = file_for(Path(out_dir), url_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[url_path] = target
    return written
