"""Acceptance: on the sample manual's editions the appendix lists exactly each edition's
documented amendments (its truth records, renumbered-only ones left out), quotes the chapters'
new Amendment notes, links every updated chapter to our diff, and shows the audit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from manualwatch.samplesite import EDITIONS, load_truth
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, published, walk_editions

STEPS = EDITIONS[1:]


@pytest.fixture(scope="module", params=["current", "classic"])
def walk(request, tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp(f"appendix-{request.param}"), request.param)


def appendix_json(walk: Walk, *args: str) -> dict:
    result = Manualwatch(walk.config_path)("amendments", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("edition", STEPS, ids=[f"step-{n - 1}-{n}" for n in STEPS])
def test_each_update_lists_exactly_the_documented_amendments(walk: Walk, edition: int,
                                                             schema: dict) -> None:
    out = appendix_json(walk)
    jsonschema.validate(out, {**schema, "$ref": "#/$defs/amendmentsOutput"})
    update = next(u for u in out["updates"] if u["date"] == published(edition))
    listed = sorted((c["kind"], c["number"], c["url"]) for c in update["changes"])
    truth = sorted((r["kind"], r["number"], walk.url(r["slug"]))
                   for r in load_truth(edition)["changes"] if r["kind"] != "renumbered")
    assert listed == truth
    assert [u["date"] for u in out["updates"]] == [published(n) for n in reversed(STEPS)]


def test_since_limits_the_period(walk: Walk) -> None:
    out = appendix_json(walk, "--since", published(3))
    assert [u["date"] for u in out["updates"]] == [published(3)]


@pytest.mark.parametrize(("title", "note"), [
    ("Placements with Parents", "This chapter was revised in June 2026."),
    ("Fostering Panel", "This chapter was updated in September 2026."),
    ("Child Criminal Exploitation", "This chapter was added to the manual in June 2026."),
])
def test_details_quote_a_new_amendment_note(walk: Walk, title: str, note: str) -> None:
    changes = {c["title"]: c for u in appendix_json(walk)["updates"] for c in u["changes"]}
    assert changes[title]["details"].endswith(f"reads: \u201c{note}\u201d")
    assert "reads:" not in changes["Section 47 Enquiries"]["details"]  # its note did not change


def test_details_come_from_the_diff(walk: Walk) -> None:
    changes = {c["title"]: c["details"] for u in appendix_json(walk)["updates"]
               for c in u["changes"]}
    details = changes["Looked After Reviews"]  # wording is the details writer's; the facts:
    assert re.search(r"2\.2\W+When a review must be brought forward\W.*\b5 words\b", details)
    assert "Amendment note" not in details


def test_html_tables_links_and_audit(walk: Walk, tmp_path: Path) -> None:
    out = tmp_path / "amendments.html"
    result = Manualwatch(walk.config_path)("amendments", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    tables = page.count("<table") - page.count('<table class="mw-row"')  # rows inside diffs
    assert page.count("<h4") == tables - 1  # one audit table besides
    assert re.findall(r"<h4[^>]*>([^<]+)</h4>", page)[:2] == [
        "Updated Chapters", "Renamed or Moved Chapters"]  # September 2026
    updated = sum(1 for n in STEPS for r in load_truth(n)["changes"] if r["kind"] == "updated")
    targets = re.findall(r'<a href="#(diff-\d+)" class="ourdiff"', page)
    assert len(targets) == updated
    assert all(f'id="{t}"' in page for t in targets)
    assert f'<a href="{walk.url("looked-after-reviews")}" class="live">' in page
    assert page.count('<tr class="silent_change">') == 1
    assert "<script" not in page and "<link" not in page and "src=" not in page


def test_run_writes_the_appendix_with_feed_and_audit(walk: Walk) -> None:
    folder = walk.config.output_dir / "sample"
    html = (folder / "amendments.html").read_text("utf-8")
    assert 'id="audit"' in html and "Looked After Reviews" in html
    assert (folder / "amendments.md").read_text("utf-8").count("## Publisher audit") == 1
    assert (folder / "amendments.atom.xml").read_text("utf-8").startswith("<?xml")
