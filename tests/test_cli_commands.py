"""The read and people commands over a store filled by a real walk of editions 1 -> 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import requests

from manualwatch.samplesite import SampleSite
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import free_port


@pytest.fixture(scope="module")
def mw(tmp_path_factory) -> Manualwatch:
    folder = tmp_path_factory.mktemp("cli")
    with SampleSite(layout="current", edition=1).start() as site:
        runner = Manualwatch(write_config(folder, site.contents_url))
        runner.run_json()
        site.set_edition(2)
        runner.run_json()
    return runner


def test_changes_lists_newest_first_as_json(mw: Manualwatch) -> None:
    result = mw("changes", "--json")
    assert result.exit_code == 0
    changes = json.loads(result.stdout)["changes"]
    assert {c["kind"] for c in changes} >= {"new", "updated", "removed", "renamed", "renumbered"}
    assert mw("changes", "--since", "2999-01-01", "--json").stdout.count('"kind"') == 0
    bad = mw("changes", "--since", "yesterday")
    assert bad.exit_code == 2 and "--since" in bad.output


def test_amendments_in_every_format(mw: Manualwatch, schema: dict, tmp_path: Path) -> None:
    data = json.loads(mw("amendments", "--format", "json").stdout)
    jsonschema.validate(data, {**schema, "$ref": "#/$defs/amendmentsOutput"})
    titles = [c["title"] for u in data["updates"] for c in u["changes"]]
    assert "Child Criminal Exploitation" in titles
    assert all(c["kind"] != "renumbered" for u in data["updates"] for c in u["changes"])
    out = tmp_path / "a.html"
    assert mw("amendments", "--format", "html", "-o", str(out)).exit_code == 0
    assert "<table" in out.read_text(encoding="utf-8")
    assert "Child Criminal Exploitation" in mw("amendments", "--format", "md").stdout


def test_history_and_diff_of_an_updated_chapter(mw: Manualwatch) -> None:
    history = json.loads(mw("history", "1.3.3", "--json").stdout)
    assert len(history["versions"]) == 2
    assert [c["kind"] for c in history["changes"]] == ["updated"]
    diff = json.loads(mw("diff", "1.3.3", "--format", "json").stdout)
    assert (diff["words_added"], diff["words_removed"]) == (1, 1)
    assert diff["sections"] == ["2.5 Recording"]
    text = mw("diff", "Section 47 Enquiries").stdout
    assert "{+" in text and "[-" in text
    assert "<ins" in mw("diff", "1.3.3", "--format", "html").stdout
    missing = mw("diff", "9.9.9")
    assert missing.exit_code == 2 and "no chapter" in missing.output


def test_subscribe_list_and_unsubscribe(mw: Manualwatch) -> None:
    follows = ("--chapter", "1.3.3", "--section", "5")
    assert mw("subscribe", "lead@example.org", *follows).exit_code == 0
    listed = json.loads(mw("subscribers", "--json").stdout)["subscribers"]
    assert listed == [{"email": "lead@example.org", "manual": "sample", "since": listed[0]["since"],
                       "follows": [{"kind": "chapter", "selector": "1.3.3"},
                                   {"kind": "section", "selector": "5"}], "adoption": False}]
    assert mw("subscribe", "not-an-address").exit_code == 2
    assert mw("subscribe", "x@example.org").exit_code == 2
    assert mw("subscribe", "x@example.org", "--chapter", "9.9.9").exit_code == 2
    assert mw("subscribe", "x@example.org", "--section", "five").exit_code == 2
    assert mw("subscribe", "x@example.org", "--all", "--manual", "other").exit_code == 2
    assert mw("unsubscribe", "lead@example.org").exit_code == 0
    assert json.loads(mw("subscribers", "--json").stdout)["subscribers"] == []
    assert mw("unsubscribe", "lead@example.org").exit_code == 2


def test_status_shows_runs_and_next_time(mw: Manualwatch) -> None:
    data = json.loads(mw("status", "--json").stdout)
    runs = data["manuals"][0]["runs"]
    assert [r["status"] for r in runs] == ["ok", "ok"]
    assert data["next_run"].endswith("Z")


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[crawl]\ntimeout_seconds = 'soon'\n", encoding="utf-8")
    result = Manualwatch(config)("run")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "timeout_seconds" in result.output


def test_sample_site_serves_until_stopped() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "manualwatch", "sample-site", "--edition", "2", "--layout",
         "classic", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert f"127.0.0.1:{port}" in line
        url = line.split(" at ")[1].split()[0]
        response = requests.get(url, timeout=5)
        assert response.status_code == 200 and response.headers["ETag"]
        again = requests.get(url, headers={"If-None-Match": response.headers["ETag"]}, timeout=5)
        assert again.status_code == 304
    finally:
        process.terminate()
        process.wait(timeout=10)
