"""Acceptance: every edition step of the sample manual, in both layouts, reports exactly that
edition's handwritten truth — no more, no fewer — and nothing else creates a version."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from manualwatch.samplesite import (
    EDITIONS,
    SampleSite,
    document_path,
    load_truth,
    page_path,
    resources_path,
)
from store import open_database
from tests.conftest import Manualwatch, write_config


def expected_record(record: dict, base_url: str, layout: str) -> dict:
    def url(slug: str) -> str:
        return base_url + page_path(layout, slug)

    out = {"kind": record["kind"], "number": record["number"], "numbers": record["numbers"],
           "title": record["title"], "url": url(record["slug"]),
           "publisher_flag": record["publisher_flag"],
           "previous": None if record["previous"] is None else {
               "number": record["previous"]["number"], "title": record["previous"]["title"],
               "url": url(record["previous"]["slug"])}}
    for key in ("words_added", "words_removed", "sections"):
        if record.get(key) is not None:
            out[key] = record[key]
    return out


def expected_document(record: dict, base_url: str, layout: str) -> dict:
    out = {key: record[key] for key in ("kind", "title", "type", "linked_from")}
    out["url"] = base_url + document_path(layout, record["document"])
    out.update({key: record[key] for key in ("words_added", "words_removed", "text")
                if key in record})
    return out


def truth_url(entry: dict, base_url: str, layout: str) -> str:
    """The URL a truth entry names by `slug` (a page) or `document` (a file name)."""
    if "document" in entry:
        return base_url + document_path(layout, entry["document"])
    return base_url + page_path(layout, entry["slug"])


def document_requests(requests: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    return [r for r in requests if "/files/" in r[1] or "/media/" in r[1]]


def reported_record(change: dict, like: dict) -> dict:
    return {key: change.get(key) for key in like}


def versions_in_run(db_path: Path, run_id: int) -> int:
    db = open_database(db_path)
    return db.execute("SELECT count(*) FROM versions WHERE run_id=?", [run_id]).fetchone()[0]


@pytest.fixture(scope="module", params=["current", "classic"])
def walk(request, tmp_path_factory) -> dict:
    """Run editions 1, 2, 3 and an unchanged rerun of 3 against one served sample site."""
    layout = request.param
    folder = tmp_path_factory.mktemp(f"editions-{layout}")
    outputs = {}
    with SampleSite(layout=layout, edition=EDITIONS[0]).start() as site:
        config = write_config(folder, site.contents_url)  # with the documents library
        config.write_text(config.read_text("utf-8") + 'resources_url = "'
                          + site.base_url + resources_path(layout) + '"\n', "utf-8")
        mw = Manualwatch(config)
        for edition in EDITIONS:
            site.set_edition(edition)
            outputs[edition] = mw.run_json("--no-email")
        before_rerun = len(site.requests)
        outputs["rerun"] = mw.run_json("--no-email")
        base_url = site.base_url
        rerun_requests = site.requests[before_rerun:]
    return {"layout": layout, "outputs": outputs, "base_url": base_url,
            "db": folder / "manualwatch.db", "rerun_requests": rerun_requests}


def test_first_run_is_a_quiet_baseline(walk: dict, schema: dict) -> None:
    output = walk["outputs"][EDITIONS[0]]
    jsonschema.validate(output, {**schema, "$ref": "#/$defs/runOutput"})
    run = output["runs"][0]
    assert run["baseline"] is True
    assert run["status"] == "ok", run["errors"]
    assert run["changes"] == []
    assert run["documents"] == []
    assert run["fetched"] > 100


@pytest.mark.parametrize("edition", EDITIONS[1:], ids=[f"step-{n - 1}-{n}" for n in EDITIONS[1:]])
def test_step_reports_exactly_the_truth(walk: dict, schema: dict, edition: int) -> None:
    output = walk["outputs"][edition]
    jsonschema.validate(output, {**schema, "$ref": "#/$defs/runOutput"})
    run = output["runs"][0]
    truth = load_truth(edition)
    assert run["status"] == truth["status"], run["errors"]
    assert run["baseline"] is False
    expected = [expected_record(r, walk["base_url"], walk["layout"]) for r in truth["changes"]]
    reported = {(c["kind"], c["url"]): c for c in run["changes"]}
    wanted = {(e["kind"], e["url"]): e for e in expected}
    assert sorted(reported) == sorted(wanted), "kinds/urls differ from the truth"
    for key, record in wanted.items():
        assert reported_record(reported[key], record) == record, key


@pytest.mark.parametrize("edition", EDITIONS[1:], ids=[f"step-{n - 1}-{n}" for n in EDITIONS[1:]])
def test_step_reports_exactly_the_documents_truth(walk: dict, edition: int) -> None:
    run = walk["outputs"][edition]["runs"][0]
    truth = load_truth(edition)  # the walk names the documents library: its records too
    expected = [expected_document(r, walk["base_url"], walk["layout"])
                for r in truth["documents"] + truth["resources_documents"]]
    assert sorted(run["documents"], key=lambda d: d["url"]) == \
        sorted(expected, key=lambda d: d["url"])


@pytest.mark.parametrize("edition", EDITIONS[1:], ids=[f"step-{n - 1}-{n}" for n in EDITIONS[1:]])
def test_step_reports_exactly_the_errors_truth(walk: dict, edition: int) -> None:
    """A chapter answering 404 while still listed is an error of the run, never a record."""
    run = walk["outputs"][edition]["runs"][0]
    expected = [{"url": truth_url(e, walk["base_url"], walk["layout"]), "error": e["error"]}
                for e in load_truth(edition)["errors"]]
    assert run["errors"] == expected
    failed = {e["url"] for e in expected}
    assert not failed & {c["url"] for c in run["changes"]}


@pytest.mark.parametrize("edition", EDITIONS[1:], ids=[f"step-{n - 1}-{n}" for n in EDITIONS[1:]])
def test_only_text_changes_create_versions(walk: dict, edition: int) -> None:
    run = walk["outputs"][edition]["runs"][0]
    with_new_text = [c for c in run["changes"] if c["kind"] in ("new", "updated")]
    assert versions_in_run(walk["db"], run["run_id"]) == len(with_new_text)


def test_an_unchanged_rerun_is_all_304_and_no_change(walk: dict) -> None:
    run = walk["outputs"]["rerun"]["runs"][0]
    assert run["changes"] == []
    assert run["fetched"] == 0
    assert run["not_modified"] == walk["outputs"][EDITIONS[-1]]["runs"][0]["fetched"] + \
        walk["outputs"][EDITIONS[-1]]["runs"][0]["not_modified"]
    assert versions_in_run(walk["db"], run["run_id"]) == 0
    assert run["documents"] == []


def test_an_unchanged_rerun_downloads_no_document_again(walk: dict) -> None:
    """Edition 3 links seven documents from chapters (the safety plan has no extension: its
    Content-Type made it one) and two from the library: eight answer 304, the leaflet taken
    off still 404s."""
    fetched = document_requests(walk["rerun_requests"])
    assert sorted(status for _, _, status in fetched) == [304] * 8 + [404]
    assert all(method == "GET" for method, _, _ in fetched)
