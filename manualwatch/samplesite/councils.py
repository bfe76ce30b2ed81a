"""Sample councils: the sample manual localised by three councils, and their editions.

data/councils/ holds:
    national.toml               national edits ([[edit]] id, slug, old, new)
    editions.toml               [published] dates of the council editions 1..3
    <council>/layer.toml        the council's copy of national edition 1: title, council,
                                footer_note, national (edits taken before the baseline),
                                remove_groups, [[chapters]] (local chapters: after, slug, title,
                                number, shift), [[text]] (local paragraphs: slug, old, new)
    <council>/editions.toml     [[edition]] number, national (edit ids taken up in that edition),
                                [[edition.text]] local edits
    <council>/chapters/         sources of the local chapters
    truth.json                  the handwritten adoption states through editions 1..3
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from manualwatch.samplesite.contents import DataError, Row
from manualwatch.samplesite.edition import DATA, Edition
from manualwatch.samplesite.editions import load_edition

COUNCILS = ("northshire", "eastborough", "westvale")
COUNCIL_EDITIONS = (1, 2, 3)
COUNCILS_DIR = DATA / "councils"


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def check_council(council: str) -> str:
    if council not in COUNCILS:
        raise DataError(f"council must be one of {COUNCILS}, not {council!r}")
    return council


@functools.cache
def national_edits() -> dict[str, dict[str, str]]:
    """National edit id -> {slug, old, new}."""
    return {e["id"]: e for e in _toml(COUNCILS_DIR / "national.toml")["edit"]}


def published(number: int) -> dt.date:
    """Publication day of council edition `number`."""
    if number not in COUNCIL_EDITIONS:
        raise DataError(f"no council edition {number!r}; editions are {COUNCIL_EDITIONS}")
    day: dt.date = _toml(COUNCILS_DIR / "editions.toml")["published"][str(number)]
    return day


def _replace_once(edition: Edition, slug: str, old: str, new: str, where: str) -> None:
    source = edition.sources.get(slug)
    if source is None:
        raise DataError(f"no chapter {slug!r}", where)
    if source.count(old) != 1:
        raise DataError(f"text {old[:50]!r} occurs {source.count(old)} times in {slug}", where)
    edition.sources[slug] = source.replace(old, new)


def _take_national(edition: Edition, ids: list[str], where: str) -> None:
    for edit_id in ids:
        edit = national_edits().get(edit_id)
        if edit is None:
            raise DataError(f"unknown national edit {edit_id!r}", where)
        if edit["slug"] in edition.sources:
            _replace_once(edition, edit["slug"], edit["old"], edit["new"], where)


def _bump(number: str) -> str:
    head, _, last = number.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def _local_chapter(edition: Edition, council: str, spec: dict[str, Any]) -> None:
    for group in edition.contents.groups():
        rows = [row.slug for row in group.rows]
        if spec["after"] in rows:
            index = rows.index(spec["after"]) + 1
            if spec.get("shift"):
                for row in group.rows[index:]:
                    row.number = _bump(row.number) if row.number else None
            group.rows.insert(index, Row(title=spec["title"], number=spec["number"],
                                         slug=spec["slug"]))
            path = COUNCILS_DIR / council / "chapters" / f"{spec['slug']}.txt"
            edition.sources[spec["slug"]] = path.read_text(encoding="utf-8")
            return
    raise DataError(f"no row {spec['after']!r} to insert after", f"{council} layer")


def _remove_group(edition: Edition, number: str, where: str) -> None:
    for section in edition.contents.sections:
        for group in section.groups:
            if group.number == number:
                section.groups.remove(group)
                gone = {row.slug for row in group.rows} | {group.slug}
                still = set(edition.contents.slugs())
                for slug in gone - still:
                    edition.sources.pop(slug or "", None)
                return
    raise DataError(f"no group {number!r}", where)


def _baseline(council: str) -> Edition:
    where = f"{council} layer"
    layer = _toml(COUNCILS_DIR / council / "layer.toml")
    edition = copy.deepcopy(load_edition(1))
    edition.contents.title = layer["title"]
    edition.contents.council = layer["council"]
    edition.furniture = replace(edition.furniture, footer_note=layer["footer_note"])
    for number in layer.get("remove_groups", []):
        _remove_group(edition, number, where)
    for spec in layer.get("chapters", []):
        _local_chapter(edition, council, spec)
    _take_national(edition, layer.get("national", []), where)
    for text in layer.get("text", []):
        _replace_once(edition, text["slug"], text["old"], text["new"], where)
    return edition


def _step(edition: Edition, council: str, number: int) -> Edition:
    where = f"{council} edition {number}"
    steps = _toml(COUNCILS_DIR / council / "editions.toml")["edition"]
    step = next((s for s in steps if s["number"] == number), {})
    _take_national(edition, step.get("national", []), where)
    for text in step.get("text", []):
        _replace_once(edition, text["slug"], text["old"], text["new"], where)
    return edition


@functools.cache
def load_council_edition(council: str, number: int) -> Edition:
    """Council edition `number` (1..3) of `council`. Cached: callers must not mutate it."""
    check_council(council)
    day = published(number)
    if number == 1:
        edition = _baseline(council)
    else:
        edition = _step(copy.deepcopy(load_council_edition(council, number - 1)), council,
                        number)
    edition.number = number
    edition.published = day
    return edition


def load_council_truth() -> dict[str, Any]:
    """The handwritten adoption truth of the three councils through editions 1..3."""
    with (COUNCILS_DIR / "truth.json").open(encoding="utf-8") as handle:
        truth: dict[str, Any] = json.load(handle)
    return truth
