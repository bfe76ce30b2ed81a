"""Acceptance: the publisher audit of the sample manual finds exactly the planted findings of
each edition step (silent change, marker without change, date mismatch, broken link), in both
layouts."""

from __future__ import annotations

import json

import jsonschema
import pytest

from manualwatch.publish.audit import audit
from manualwatch.samplesite import EDITIONS, document_path, load_truth
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, published, walk_editions

STEPS = EDITIONS[1:]


@pytest.fixture(scope="module", params=["current", "classic"])
def walk(request, tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp(f"audit-{request.param}"), request.param)


def planted(walk: Walk, edition: int) -> list[tuple[str, str, str]]:
    return sorted((f["kind"], f["number"], walk.url(f["slug"]))
                  for f in load_truth(edition)["audit"])


def target_url(walk: Walk, target: dict) -> str:
    if "document" in target:
        return walk.base_url + document_path(walk.layout, target["document"])
    return walk.url(target["slug"])


def planted_links(walk: Walk, edition: int) -> list[dict]:
    return sorted(({"kind": "broken_link", "number": f["number"], "url": walk.url(f["slug"]),
                    "target": target_url(walk, f["target"]), "detail": f["detail"]}
                   for f in load_truth(edition)["audit"] if f["kind"] == "broken_link"),
                  key=lambda f: (f["url"], f["target"]))


@pytest.mark.parametrize("edition", STEPS, ids=[f"step-{n - 1}-{n}" for n in STEPS])
def test_audit_finds_exactly_the_planted_findings(walk: Walk, edition: int) -> None:
    found = [f for f in audit(walk.db, "sample") if f.run_id == walk.runs[edition].id]
    assert sorted((f.kind, f.number, f.url) for f in found) == planted(walk, edition)
    assert all(f.date == published(edition) and f.detail for f in found)


def test_the_amendments_page_is_never_a_finding(walk: Walk) -> None:
    changed = {c.url for run in walk.runs.values() for c in run.changes if c.number == "7.4"}
    assert changed, "the Amendments page changes every edition"
    assert not {f.url for f in audit(walk.db, "sample")} & changed


def test_audit_json_follows_the_contract(walk: Walk, schema: dict) -> None:
    result = Manualwatch(walk.config_path)("audit", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    jsonschema.validate(out, {**schema, "$ref": "#/$defs/auditOutput"})
    expected = [item for n in STEPS for item in planted(walk, n)]
    assert sorted((f["kind"], f["number"], f["url"]) for f in out["findings"]) == sorted(expected)
    by_kind = {f["kind"]: f for f in out["findings"]}
    assert "January 2026" in by_kind["date_mismatch"]["detail"]


@pytest.mark.parametrize("edition", STEPS, ids=[f"step-{n - 1}-{n}" for n in STEPS])
def test_broken_links_name_the_dead_target_and_its_status(walk: Walk, edition: int) -> None:
    result = Manualwatch(walk.config_path)("audit", "--json", "--since", published(edition))
    found = [{key: f[key] for key in ("kind", "number", "url", "target", "detail")}
             for f in json.loads(result.stdout)["findings"]
             if f["kind"] == "broken_link" and f["date"] == published(edition)]
    assert sorted(found, key=lambda f: (f["url"], f["target"])) == planted_links(walk, edition)


def test_since_keeps_only_later_runs(walk: Walk) -> None:
    mw = Manualwatch(walk.config_path)
    later = json.loads(mw("audit", "--since", published(3), "--json").stdout)
    assert {f["run_id"] for f in later["findings"]} == {walk.runs[3].id}
    assert sorted((f["kind"], f["number"]) for f in later["findings"]) == \
        [("broken_link", "1.3.2"), ("broken_link", "1.5.4"), ("broken_link", "2.1")]
    # edition 3 plants only dead links: a chapter still listed, a document, a removed chapter
    text = mw("audit", "--since", published(2)).stdout
    assert "Silent change" in text and "Looked After Reviews" in text
    assert mw("audit", "--since", "someday").exit_code == 2


def test_date_tolerance_is_configurable(tmp_path) -> None:
    wide = walk_editions(tmp_path, "current", "\n[audit]\ndate_tolerance_days = 400\n")
    kinds = sorted(f.kind for f in audit(wide.db, "sample", tolerance_days=400))
    assert kinds == ["broken_link"] * 4 + ["marker_without_change", "silent_change"]
    out = json.loads(Manualwatch(wide.config_path)("audit", "--json").stdout)
    assert "date_mismatch" not in {f["kind"] for f in out["findings"]}
    assert wide.config.audit_date_tolerance_days == 400
