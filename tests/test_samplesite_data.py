"""The sample manual's data: sources parse, editions agree with their truth files."""

from __future__ import annotations

from collections import Counter

import pytest

from manualwatch.samplesite import EDITIONS, amendments_list, load_edition, load_truth
from manualwatch.samplesite.chapter_source import normalised_text, parse_chapter
from manualwatch.samplesite.contents import AMENDMENTS_SLUG, classic_file
from manualwatch.samplesite.edition import Edition

KINDS = {"new", "removed", "updated", "moved", "renamed", "renumbered"}
STEPS = EDITIONS[1:]


def text_of(edition: Edition, slug: str) -> str:
    return normalised_text(parse_chapter(edition.sources[slug], slug))


def listings(edition: Edition) -> dict[str, dict[str, object]]:
    """slug -> {numbers, title, flag} of its listings, contents order."""
    found: dict[str, dict[str, object]] = {}
    for row in edition.contents.listings():
        entry = found.setdefault(
            row.slug or "", {"numbers": [], "title": row.title, "flag": row.flag}
        )
        entry["numbers"].append(row.number)  # type: ignore[union-attr]
    return found


@pytest.mark.parametrize("number", EDITIONS)
def test_every_linked_page_has_a_source_that_parses(number: int) -> None:
    edition = load_edition(number)
    assert edition.missing == []
    for slug in edition.page_slugs():
        if slug != AMENDMENTS_SLUG:
            chapter = parse_chapter(edition.sources[slug], slug)
            assert chapter.title and chapter.body


@pytest.mark.parametrize("number", EDITIONS)
def test_chapter_texts_are_between_2_and_60_kb(number: int) -> None:
    edition = load_edition(number)
    sizes = {slug: len(text_of(edition, slug).encode()) for slug in edition.sources}
    too_small_or_big = {s: n for s, n in sizes.items() if not 2_000 <= n <= 60 * 1024}
    assert too_small_or_big == {}


@pytest.mark.parametrize("number", EDITIONS)
def test_classic_file_names_are_distinct(number: int) -> None:
    files = Counter(classic_file(slug) for slug in load_edition(number).page_slugs())
    assert [name for name, count in files.items() if count > 1] == []


@pytest.mark.parametrize("number", STEPS)
def test_truth_records_agree_with_the_contents(number: int) -> None:
    before, after = listings(load_edition(number - 1)), listings(load_edition(number))
    truth = load_truth(number)
    assert truth["step"] == [number - 1, number]
    assert truth["published"] == load_edition(number).published.isoformat()
    for record in truth["changes"]:
        assert record["kind"] in KINDS
        side = before if record["kind"] == "removed" else after
        listed = side[record["slug"]]
        assert (record["numbers"], record["title"]) == (listed["numbers"], listed["title"])
        assert record["number"] == record["numbers"][0]
        if record["kind"] != "removed":
            assert record["publisher_flag"] == listed["flag"]
        if record["kind"] == "new":
            assert record["previous"] is None and record["slug"] not in before
            continue
        previous = before[record["previous"]["slug"]]
        assert record["previous"]["number"] == previous["numbers"][0]
        assert record["previous"]["title"] == previous["title"]


@pytest.mark.parametrize("number", STEPS)
def test_every_listing_change_has_a_record(number: int) -> None:
    before, after = listings(load_edition(number - 1)), listings(load_edition(number))
    recorded = {r["slug"] for r in load_truth(number)["changes"]}
    recorded |= {r["previous"]["slug"] for r in load_truth(number)["changes"] if r["previous"]}
    for slug in before.keys() | after.keys():
        old, new = before.get(slug), after.get(slug)
        if (
            old is None
            or new is None
            or (old["numbers"], old["title"]) != (new["numbers"], new["title"])
        ):
            assert slug in recorded, slug


@pytest.mark.parametrize("number", STEPS)
def test_text_changes_are_exactly_the_planted_ones(number: int) -> None:
    old, new = load_edition(number - 1), load_edition(number)
    truth = load_truth(number)["changes"]
    updated = {r["slug"] for r in truth if r["kind"] == "updated"} - {AMENDMENTS_SLUG}
    for record in truth:
        if (
            record["kind"] in ("moved", "renamed", "renumbered", "updated")
            and record["slug"] != AMENDMENTS_SLUG
        ):
            same = text_of(old, record["previous"]["slug"]) == text_of(new, record["slug"])
            assert same is (record["kind"] != "updated"), record["slug"]
    for slug in old.sources.keys() & new.sources.keys():
        if slug not in updated:
            assert text_of(old, slug) == text_of(new, slug), slug


@pytest.mark.parametrize("number", STEPS)
def test_no_step_changes_more_than_30_percent_of_chapters(number: int) -> None:
    chapters = len(listings(load_edition(number - 1)))
    changed = {r["slug"] for r in load_truth(number)["changes"]}
    assert len(changed) <= 0.30 * chapters


def test_every_change_kind_and_audit_kind_is_planted() -> None:
    records = [r for n in STEPS for r in load_truth(n)["changes"]]
    assert {r["kind"] for r in records} == KINDS
    audits = {a["kind"] for n in STEPS for a in load_truth(n)["audit"]}
    assert audits == {"silent_change", "marker_without_change", "date_mismatch", "broken_link"}
    assert any(r["kind"] == "updated" and r["previous"]["slug"] != r["slug"] for r in records)
    assert any(r["kind"] == "renamed" and r["previous"]["number"] != r["number"] for r in records)
    assert any(
        r["kind"] == "updated" and r["publisher_flag"] is None and r["slug"] != AMENDMENTS_SLUG
        for r in records
    )
    assert any(r["kind"] == "updated" and "Amendment" in (r["sections"] or []) for r in records)


@pytest.mark.parametrize("number", EDITIONS)
def test_amendments_list_exists_and_links_to_pages_of_its_edition(number: int) -> None:
    entries = amendments_list(number)
    assert entries
    pages = set(load_edition(number).page_slugs())
    assert {e.slug for e in entries if e.slug} <= pages
    assert all(e.slug is None for e in entries if e.kind == "removed")
