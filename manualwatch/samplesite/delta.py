"""Applying one edition's hand-written delta (data/editions/<N>/) to the previous edition."""

from __future__ import annotations

import tomllib
from typing import Any

from manualwatch.samplesite.amendments import load_amendments
from manualwatch.samplesite.contents import DataError, Group, Row
from manualwatch.samplesite.edition import (
    Edition,
    documents_in,
    edition_dir,
    listing_rows,
    with_furniture,
)

ROW_FIELDS = ("title", "number", "flag", "date", "note")


def _locate(edition: Edition, slug: str) -> list[tuple[Group, Row | None]]:
    """Every place that links to `slug`: (group, row) or (group, None) for a group chapter."""
    found: list[tuple[Group, Row | None]] = []
    for group in edition.contents.groups():
        if group.slug == slug:
            found.append((group, None))
        found += [(group, row) for row in group.rows if row.slug == slug]
    if not found:
        raise DataError(f"slug {slug!r} not in contents", f"edition {edition.number} delta")
    return found


def _bump(number: str) -> str:
    head, _, last = number.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def _insert(edition: Edition, op: dict[str, Any]) -> None:
    group, after = _locate(edition, op["after"])[0]
    if after is None:
        raise DataError(
            "insert after a group chapter is not supported", f"edition {edition.number}"
        )
    fields = {k: op[k] for k in ("title", "number", "slug", "flag", "date", "note") if k in op}
    index = group.rows.index(after) + 1
    if op.get("shift"):
        for row in group.rows[index:]:
            if row.number is not None:
                row.number = _bump(row.number)
    group.rows.insert(index, Row(**fields))
    path = edition_dir(edition.number) / "chapters" / f"{op['slug']}.txt"
    edition.sources[op["slug"]] = path.read_text(encoding="utf-8")


def _remove(edition: Edition, op: dict[str, Any]) -> None:
    for group, row in _locate(edition, op["slug"]):
        if row is None:
            raise DataError("cannot remove a group chapter", f"edition {edition.number}")
        group.rows.remove(row)
    edition.sources.pop(op["slug"], None)


def _set(edition: Edition, op: dict[str, Any]) -> None:
    slug = op["slug"]
    for owner, row in _locate(edition, slug):
        target: Any = owner if row is None else row
        listing = row is None or row.number is not None
        for key in ROW_FIELDS:
            if key in op and (listing or key == "title"):
                setattr(target, key, op[key])
        if "new_slug" in op:
            target.slug = op["new_slug"]
    if "new_slug" in op:
        edition.sources[op["new_slug"]] = edition.sources.pop(slug)
        if slug in edition.markup:
            edition.markup[op["new_slug"]] = edition.markup.pop(slug)


def _move_row(edition: Edition, op: dict[str, Any]) -> None:
    places = _locate(edition, op["slug"])
    if len(places) != 1 or places[0][1] is None:
        raise DataError("move_row needs a single listing", f"edition {edition.number}")
    group, row = places[0]
    assert row is not None
    group.rows.remove(row)
    edition.contents.find_group(op["group"]).rows.append(row)
    for key in ROW_FIELDS:
        if key in op:
            setattr(row, key, op[key])


OPS = {"insert": _insert, "remove": _remove, "set": _set, "move_row": _move_row}


def _edit_text(edition: Edition, edit: dict[str, Any]) -> None:
    slug, old, new = edit["slug"], edit["old"], edit["new"]
    source = edition.sources[slug]
    if source.count(old) != 1:
        raise DataError(f"text edit {old[:50]!r} occurs {source.count(old)} times", f"{slug}")
    edition.sources[slug] = source.replace(old, new)


def _clear_flags(edition: Edition) -> None:
    for group in edition.contents.groups():
        group.flag = None
        for row in group.rows:
            row.flag = None


def apply_delta(edition: Edition, number: int) -> Edition:
    """Turn a deep copy of edition number-1 into edition `number`."""
    folder = edition_dir(number)
    with (folder / "delta.toml").open("rb") as handle:
        delta = tomllib.load(handle)
    edition.number = number
    edition.published = delta["published"]
    edition.furniture = with_furniture(edition, delta.get("furniture", {}))
    if delta.get("clear_flags", True):
        _clear_flags(edition)
    for op in delta.get("contents", []):
        if op["op"] not in OPS:
            raise DataError(f"unknown op {op['op']!r}", f"edition {number}")
        OPS[op["op"]](edition, op)
    for edit in delta.get("text", []):
        _edit_text(edition, edit)
    for style in delta.get("markup", []):
        options = {k: v for k, v in style.items() if k != "slug"}
        edition.markup.setdefault(style["slug"], {}).update(options)
    edition.documents.update(documents_in(folder / "documents"))
    for name in delta.get("remove_documents", []):
        if edition.documents.pop(name, None) is None:
            raise DataError(f"no document {name!r} to remove", f"edition {number} delta")
    for entry in delta.get("resources", []):
        if entry["document"] not in edition.documents:
            raise DataError(f"no document {entry['document']!r} for the library",
                            f"edition {number} delta")
        edition.resources.append((entry["title"], entry["document"]))
    for slug in delta.get("remove_pages", []):
        if slug not in edition.sources or not listing_rows(edition, slug):
            raise DataError(f"no listed page {slug!r} to take off", f"edition {number} delta")
        edition.gone_pages.append(slug)
    listed = load_amendments(folder / "AMENDMENTS.md")
    edition.amendments = [*edition.amendments, *listed.entries]
    edition.next_update = listed.next_update or edition.next_update
    edition.missing = [s for s in edition.missing if s in edition.contents.slugs()]
    return edition
