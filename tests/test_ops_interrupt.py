"""SIGTERM in the middle of a run (a real process, slowed by a crawl delay) stops after the
page in hand: the database is consistent, nothing is stored twice, and the next run
completes."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from store import open_database
from tests.cliprocess import CliProcess, ops_config
from tests.conftest import Manualwatch


@pytest.fixture
def site():
    with SampleSite("current", edition=1).start() as running:
        yield running


def consistency(db_path: Path) -> dict:
    db = open_database(db_path)
    duplicates = db.execute(
        "SELECT count(*) FROM (SELECT chapter_id, text_hash FROM versions"
        " GROUP BY chapter_id, text_hash HAVING count(*) > 1)").fetchone()[0]
    return {"integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
            "foreign_keys": db.execute("PRAGMA foreign_key_check").fetchall(),
            "duplicate_versions": duplicates,
            "versions": db.execute("SELECT count(*) FROM versions").fetchone()[0],
            "runs": [tuple(r) for r in db.execute("SELECT status, errors FROM runs ORDER BY id")]}


@pytest.mark.parametrize(("args", "code"), [(("run",), 1), (("schedule", "--run-now"), 0)],
                         ids=["run", "schedule"])
def test_sigterm_mid_run_leaves_a_consistent_database(site: SampleSite, tmp_path: Path,
                                                      args: tuple[str, ...], code: int) -> None:
    config = ops_config(tmp_path, [("sample", site.contents_url)], delay=0.05)
    process = CliProcess(config, *args)
    try:
        process.wait_for("event=page.stored manual=sample done=3 ")
        process.signal(signal.SIGTERM)
        assert process.finish() == code
    finally:
        process.kill()
    log = process.stderr()
    assert "event=run.interrupted" in log and "reason=SIGTERM" in log
    assert "Traceback" not in log
    after = consistency(tmp_path / "manualwatch.db")
    assert after["integrity"] == "ok" and after["foreign_keys"] == []
    assert after["duplicate_versions"] == 0
    assert 3 <= after["versions"] < 20  # stopped after the page in hand, not at the end
    assert [status for status, _ in after["runs"]] == ["partial"]

    rerun = Manualwatch(ops_config(tmp_path, [("sample", site.contents_url)], delay=0))("run")
    assert rerun.exit_code == 0, rerun.output
    final = consistency(tmp_path / "manualwatch.db")
    assert final["integrity"] == "ok" and final["duplicate_versions"] == 0
    assert [status for status, _ in final["runs"]] == ["partial", "ok"]
    db = open_database(tmp_path / "manualwatch.db")
    unversioned = db.execute(
        "SELECT count(*) FROM chapters c WHERE c.listed = 1 AND NOT EXISTS"
        " (SELECT 1 FROM versions v WHERE v.chapter_id = c.id)").fetchone()[0]
    assert unversioned == 0
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
