"""A bad night on the publisher's side never becomes a false alert or lost history: one test
per fault. In each, the run finishes with the contract's status, the failing page is in
`errors` with no record, and the next clean run reports exactly the real amendments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manualwatch.samplesite import contents_path, load_truth, page_path
from tests.conftest import Manualwatch, write_config
from tests.faultserver import Fault, FaultServer

LAYOUT = "current"
TRUTH = load_truth(2)
UPDATED = next(c for c in TRUTH["changes"] if c["kind"] == "updated" and c["slug"] != "amendments")
TARGET = page_path(LAYOUT, UPDATED["slug"])


@pytest.fixture
def site(built_editions, tmp_path: Path):
    with FaultServer(built_editions[1]) as server:
        config = write_config(tmp_path, server.base_url + contents_path(LAYOUT))
        text = config.read_text().replace("timeout_seconds = 5", "timeout_seconds = 1")
        config.write_text(text)
        mw = Manualwatch(config)
        assert mw.run_json("--no-email")["runs"][0]["baseline"] is True
        server.root = built_editions[2]
        yield server, mw


def run(mw: Manualwatch) -> tuple[int, dict]:
    result = mw("run", "--json", "--no-email")
    return result.exit_code, json.loads(result.stdout)["runs"][0]


def truth_keys(base_url: str) -> set[tuple[str, str]]:
    return {(c["kind"], base_url + page_path(LAYOUT, c["slug"])) for c in TRUTH["changes"]}


def keys(run_: dict) -> set[tuple[str, str]]:
    return {(c["kind"], c["url"]) for c in run_["changes"]}


FAULTS = {
    "http-500": (Fault("status", status=500), "HTTP 500"),
    "http-503-retry-after": (Fault("status", status=503, retry_after=1), "HTTP 503"),
    "http-429": (Fault("status", status=429), "HTTP 429"),
    "stall-past-timeout": (Fault("stall"), "timed out"),
    "connection-reset": (Fault("reset"), "connection"),
    "short-body": (Fault("short"), "body cut short"),
    "redirect-loop": (Fault("loop"), "redirects"),
    "redirect-off-site": (Fault("offsite"), "redirected off-site"),
    "50-mb-declared": (Fault("huge"), "body larger than"),
    "50-mb-streamed": (Fault("huge-chunked"), "body larger than"),
    "maintenance-page-200": (Fault("maintenance"), "maintenance"),
}


@pytest.mark.parametrize("name", FAULTS)
def test_a_failing_page_gets_no_record_and_the_next_run_catches_up(site, name: str) -> None:
    server, mw = site
    fault, reason = FAULTS[name]
    server.faults[TARGET] = fault
    code, faulted = run(mw)
    url = server.base_url + TARGET
    assert (code, faulted["status"]) == (1, "partial")
    assert [e["url"] for e in faulted["errors"]] == [url]
    assert reason in faulted["errors"][0]["error"]
    assert url not in {c["url"] for c in faulted["changes"]}
    assert keys(faulted) == truth_keys(server.base_url) - {("updated", url)}
    server.faults.clear()
    code, clean = run(mw)
    assert (code, clean["status"]) == (0, "ok")
    assert keys(clean) == {("updated", url)}
    assert clean["changes"][0]["words_added"] == UPDATED["words_added"]


def test_retry_after_is_honoured_and_a_passing_fault_is_retried(site) -> None:
    server, mw = site
    server.faults[TARGET] = Fault("status", status=503, retry_after=1, times=1)
    code, result = run(mw)
    assert (code, result["status"]) == (0, "ok")
    assert keys(result) == truth_keys(server.base_url)
    baseline, first, second = server.times_of(TARGET)  # baseline fetch, 503, retry
    assert second - first >= 0.95


def test_a_mislabelled_charset_reads_right_and_changes_nothing(site) -> None:
    server, mw = site
    for slug in ("values", "leaving-care-and-transition"):  # pages with ’ and £
        server.faults[page_path(LAYOUT, slug)] = Fault("charset", charset="iso-8859-1")
    code, result = run(mw)
    assert (code, result["status"], result["errors"]) == (0, "ok", [])
    assert keys(result) == truth_keys(server.base_url)


def test_maintenance_everywhere_fails_the_run_and_loses_nothing(site) -> None:
    server, mw = site
    server.maintenance = True
    code, result = run(mw)
    assert (code, result["status"], result["changes"]) == (2, "failed", [])
    server.maintenance = False
    code, clean = run(mw)
    assert (code, clean["status"]) == (0, "ok")
    assert keys(clean) == truth_keys(server.base_url)


def test_a_chapter_robots_txt_disallows_is_skipped_not_removed(site) -> None:
    server, mw = site
    rules = f"User-agent: *\nDisallow: {TARGET}\n".encode()
    server.faults["/robots.txt"] = Fault("text", body=rules)
    code, result = run(mw)
    url = server.base_url + TARGET
    assert (code, result["status"]) == (0, "ok")
    assert {"url": url, "reason": "robots.txt"} in result["skipped"]
    assert len(server.times_of(TARGET)) == 1  # the baseline's fetch only
    assert keys(result) == truth_keys(server.base_url) - {("updated", url)}
