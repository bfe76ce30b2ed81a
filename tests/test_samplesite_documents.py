"""The sample manual's linked documents: the files and links each edition plants agree with the
document records and broken links its truth file lists."""

from __future__ import annotations

import re

import pytest

from crawler.documents import extract_text
from manualwatch.samplesite import EDITIONS, load_edition, load_truth
from manualwatch.samplesite.chapter_source import LINK

STEPS = EDITIONS[1:]


def links_of(edition: int) -> dict[str, list[str]]:
    """target ("doc:name" / "chapter:slug") -> numbers of the listed chapters linking it."""
    ed = load_edition(edition)
    numbers: dict[str, str] = {}
    for row in ed.contents.listings():
        if row.slug and row.number:
            numbers.setdefault(row.slug, row.number)
    found: dict[str, list[str]] = {}
    for slug, number in numbers.items():
        for target in dict.fromkeys(m.group(2) for m in LINK.finditer(ed.sources.get(slug, ""))):
            found.setdefault(target, []).append(number)
    return {t: sorted(n, key=lambda x: [int(p) for p in re.findall(r"\d+", x)])
            for t, n in found.items()}


def file_bytes(edition: int, name: str) -> bytes:
    return load_edition(edition).documents[name].read_bytes()


@pytest.mark.parametrize("edition", STEPS, ids=[f"step-{n - 1}-{n}" for n in STEPS])
def test_document_records_match_the_planted_files_and_links(edition: int) -> None:
    before, after = links_of(edition - 1), links_of(edition)
    for record in load_truth(edition)["documents"]:
        target = f"doc:{record['document']}"
        if record["kind"] == "new":
            assert target not in before and after[target] == record["linked_from"]
        elif record["kind"] == "removed":
            assert target not in after and before[target] == record["linked_from"]
        else:
            assert after[target] == record["linked_from"]
            assert file_bytes(edition - 1, record["document"]) != \
                file_bytes(edition, record["document"])


def test_every_document_kind_and_case_is_planted() -> None:
    records = [r for n in STEPS for r in load_truth(n)["documents"]]
    assert {r["kind"] for r in records} == {"new", "updated", "removed"}
    assert any(r["kind"] == "updated" and r["text"] is False for r in records)  # scanned
    assert any(r["kind"] == "updated" and r["text"] is True for r in records)


def test_the_resaved_template_has_new_bytes_and_the_same_words() -> None:
    name = "strategy-discussion-record.docx"
    old, new = file_bytes(1, name), file_bytes(2, name)
    assert old != new
    assert extract_text(old, "docx").text == extract_text(new, "docx").text
    assert all(r["document"] != name for n in STEPS for r in load_truth(n)["documents"])


@pytest.mark.parametrize("edition", STEPS, ids=[f"step-{n - 1}-{n}" for n in STEPS])
def test_broken_links_point_at_what_the_edition_no_longer_serves(edition: int) -> None:
    ed = load_edition(edition)
    for finding in (f for f in load_truth(edition)["audit"] if f["kind"] == "broken_link"):
        target = finding["target"]
        source = ed.sources[finding["slug"]]
        if "document" in target:
            assert target["document"] not in ed.documents
            assert f"(doc:{target['document']})" in source
        else:  # a chapter removed, or still listed with its page taken off (remove_pages)
            assert target["slug"] not in ed.sources or target["slug"] in ed.gone_pages
            assert f"(chapter:{target['slug']})" in source
