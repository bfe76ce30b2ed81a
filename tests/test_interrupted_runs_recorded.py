"""Interrupted runs are recorded truly: the counts as far as they got (also while a run is
going), an error naming the contents page rather than an empty URL, and a run whose process
died shown as "did not finish" (not "running") as soon as its lock is free."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from tests.cliprocess import CliProcess, ops_config
from tests.conftest import Manualwatch


@pytest.fixture
def site():
    with SampleSite("current", edition=1).start() as running:
        yield running


def _runs(mw: Manualwatch) -> tuple[list[dict], dict]:
    status = json.loads(mw("status", "--json").stdout)
    return status["manuals"][0]["runs"], status


def test_ctrl_c_keeps_the_counts_and_names_the_contents_page(site: SampleSite,
                                                             tmp_path: Path) -> None:
    config = ops_config(tmp_path, [("sample", site.contents_url)], delay=0.05)
    process = CliProcess(config, "run")
    try:
        process.wait_for("event=page.stored manual=sample done=6 ")
        during, status = _runs(Manualwatch(config))
        process.signal(signal.SIGINT)
        assert process.finish() == 1
    finally:
        process.kill()
    assert during[0]["status"] == "running" and status["running"] is not None
    assert during[0]["fetched"] >= 6
    [run], _ = _runs(Manualwatch(config))
    assert run["status"] == "partial"
    assert run["fetched"] >= during[0]["fetched"]
    assert run["errors"][-1] == {"url": site.contents_url,
                                 "error": "run did not finish (stopped on SIGINT)"}


def test_a_killed_run_shows_as_did_not_finish(site: SampleSite, tmp_path: Path) -> None:
    config = ops_config(tmp_path, [("sample", site.contents_url)], delay=0.05)
    process = CliProcess(config, "run")
    try:
        process.wait_for("event=page.stored manual=sample done=4 ")
        process.signal(signal.SIGKILL)
        process.finish()
    finally:
        process.kill()
    mw = Manualwatch(config)
    [run], status = _runs(mw)
    assert status["running"] is None
    assert run["status"] == "did not finish" and run["fetched"] >= 4
    text = mw("status").stdout
    assert f"run {run['run_id']:<4} did not finish" in text
    assert "running" not in text and "run in progress: none" in text

    rerun = mw("run", "--json")  # the next run records the dead one as partial, truly
    assert rerun.exit_code == 0, rerun.output
    dead = _runs(mw)[0][1]
    assert dead["status"] == "partial" and dead["fetched"] == run["fetched"]
    assert dead["errors"][-1] == {"url": site.contents_url,
                                  "error": "run did not finish (the process died)"}
