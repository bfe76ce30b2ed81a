"""A fetch that fails never deletes or rewrites history: failed pages get no record, the run
is partial (or failed, exit 2, when the contents page itself fails), and the next clean run
reports exactly the real amendments."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from manualwatch.samplesite import contents_path, load_truth, page_path
from store import open_database
from tests.conftest import Manualwatch, write_config
from tests.httpserver import RecordedRequest, Reply, file_reply, serve_app

LAYOUT = "current"


class Site:
    """Built editions served from real files, with per-path faults that can be switched."""

    def __init__(self, roots: dict[int, Path]) -> None:
        self.roots = roots
        self.edition = 1
        self.faults: dict[str, int] = {}

    def __call__(self, request: RecordedRequest) -> Reply:
        path = urlsplit(request.path).path
        if path in self.faults:
            return Reply(self.faults[path], b"<h1>Server error</h1>", {"Content-Type": "text/html"})
        return file_reply(self.roots[self.edition], request)


@pytest.fixture
def served(built_editions, tmp_path: Path):
    site = Site(built_editions)
    with serve_app(site) as (base_url, _log):
        mw = Manualwatch(write_config(tmp_path, base_url + contents_path(LAYOUT)))
        yield site, mw, base_url, tmp_path / "manualwatch.db"


def table_counts(db_path: Path) -> tuple[int, int]:
    db = open_database(db_path)
    return (db.execute("SELECT count(*) FROM versions").fetchone()[0],
            db.execute("SELECT count(*) FROM changes").fetchone()[0])


def test_contents_failure_is_exit_2_and_loses_nothing(served) -> None:
    site, mw, _base, db_path = served
    assert mw("run", "--json").exit_code == 0
    before = table_counts(db_path)
    site.edition = 2
    site.faults[contents_path(LAYOUT)] = 503
    result = mw("run", "--json", "--no-email")
    assert result.exit_code == 2
    run = json.loads(result.stdout)["runs"][0]
    assert run["status"] == "failed" and "503" in run["errors"][0]["error"]
    assert run["changes"] == []
    assert table_counts(db_path) == before


def test_a_failed_chapter_gets_no_record_until_it_can_be_read(served) -> None:
    site, mw, base, _db = served
    mw.run_json()
    site.edition = 2
    updated = next(c for c in load_truth(2)["changes"] if c["kind"] == "updated")
    site.faults[page_path(LAYOUT, updated["slug"])] = 500
    result = mw("run", "--json", "--no-email")
    assert result.exit_code == 1
    run = json.loads(result.stdout)["runs"][0]
    url = base + page_path(LAYOUT, updated["slug"])
    assert run["status"] == "partial"
    assert run["errors"] == [{"url": url, "error": "HTTP 500"}]
    assert url not in [c["url"] for c in run["changes"]]
    expected_kinds = len(load_truth(2)["changes"]) - 1
    assert len(run["changes"]) == expected_kinds
    site.faults.clear()
    again = mw.run_json("--no-email")["runs"][0]
    assert again["status"] == "ok"
    assert [(c["kind"], c["url"]) for c in again["changes"]] == [("updated", url)]
    assert again["changes"][0]["words_added"] == updated["words_added"]


def test_a_baseline_chapter_that_failed_joins_quietly(served) -> None:
    site, mw, base, _db = served
    slug = "private-fostering"
    site.faults[page_path(LAYOUT, slug)] = 500
    first = mw.run_json("--no-email")["runs"][0]
    assert first["baseline"] is True and first["status"] == "partial"
    site.faults.clear()
    second = mw.run_json("--no-email")["runs"][0]
    assert second["baseline"] is False
    assert second["changes"] == []


def test_a_new_chapter_that_failed_is_new_when_first_read(served) -> None:
    site, mw, base, _db = served
    mw.run_json()
    site.edition = 2
    new = next(c for c in load_truth(2)["changes"] if c["kind"] == "new")
    site.faults[page_path(LAYOUT, new["slug"])] = 500
    run = mw.run_json("--no-email")["runs"][0]
    url = base + page_path(LAYOUT, new["slug"])
    assert url not in [c["url"] for c in run["changes"]]
    site.faults.clear()
    again = mw.run_json("--no-email")["runs"][0]
    assert [(c["kind"], c["url"]) for c in again["changes"]] == [("new", url)]
