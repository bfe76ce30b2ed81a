"""kill -9 at several points of a real `manualwatch run` subprocess, then a rerun: the
database passes integrity_check, holds no duplicate version, and the two runs together report
exactly the edition's amendments, each once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from manualwatch.samplesite import contents_path, load_truth, page_path
from store import open_database
from tests.conftest import Manualwatch, write_config
from tests.httpserver import RecordedRequest, Reply, file_reply, serve_app
from tests.smtpserver import smtp_server

LAYOUT = "current"


class KillingSite:
    """Serves a built edition; on the Nth request it kills the registered process first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.kill_at: int | None = None
        self.pid: int | None = None
        self.count = 0
        self.killed = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, request: RecordedRequest) -> Reply:
        with self.lock:
            self.count += 1
            if self.pid and self.count == self.kill_at:
                os.kill(self.pid, signal.SIGKILL)
                self.killed.set()
        return file_reply(self.root, request)


@pytest.mark.parametrize("kill_at", [2, 30, 75, 118], ids=lambda n: f"request-{n}")
def test_kill_9_then_rerun(built_editions, tmp_path: Path, kill_at: int) -> None:
    site = KillingSite(built_editions[1])
    with serve_app(site) as (base_url, _log):
        config = write_config(tmp_path, base_url + contents_path(LAYOUT))
        mw = Manualwatch(config)
        assert mw("run", "--no-email").exit_code == 0
        site.root, site.count, site.kill_at = built_editions[2], 0, kill_at
        process = subprocess.Popen(
            [sys.executable, "-m", "manualwatch", "--config", str(config), "run", "--json",
             "--no-email"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        site.pid = process.pid
        process.communicate(timeout=120)
        assert site.killed.is_set() and process.returncode == -signal.SIGKILL
        site.pid = None
        rerun = json.loads(mw("run", "--json", "--no-email").stdout)["runs"][0]
    assert rerun["status"] == "ok"

    db = open_database(tmp_path / "manualwatch.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    duplicates = db.execute(
        "SELECT count(*) FROM versions a JOIN versions b ON a.chapter_id = b.chapter_id"
        " AND a.id < b.id AND a.text_hash = b.text_hash AND NOT EXISTS ("
        " SELECT 1 FROM versions c WHERE c.chapter_id = a.chapter_id AND c.id > a.id"
        " AND c.id < b.id)").fetchone()[0]
    assert duplicates == 0
    rows = db.execute("SELECT c.kind, c.url, r.status FROM changes c JOIN runs r"
                      " ON r.id = c.run_id WHERE r.id > 1").fetchall()
    reported = sorted((kind, url) for kind, url, _ in rows)
    expected = sorted((c["kind"], base_url + page_path(LAYOUT, c["slug"]))
                      for c in load_truth(2)["changes"])
    assert reported == expected
    statuses = {r[0] for r in db.execute("SELECT status FROM runs WHERE id > 1").fetchall()}
    assert statuses <= {"partial", "ok"}


def test_a_killed_first_run_is_still_the_baseline(built_editions, tmp_path: Path) -> None:
    site = KillingSite(built_editions[1])
    site.kill_at = 40
    with serve_app(site) as (base_url, _log):
        config = write_config(tmp_path, base_url + contents_path(LAYOUT))
        process = subprocess.Popen(
            [sys.executable, "-m", "manualwatch", "--config", str(config), "run", "--no-email"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        site.pid = process.pid
        process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL
        site.pid = None
        rerun = json.loads(Manualwatch(config)("run", "--json", "--no-email").stdout)["runs"][0]
    assert (rerun["status"], rerun["baseline"], rerun["changes"]) == ("ok", False, [])
    db = open_database(tmp_path / "manualwatch.db")
    assert db.execute("SELECT status, baseline FROM runs WHERE id=1").fetchone() == ("partial", 1)


def test_a_killed_runs_email_is_queued_by_the_next_run(built_editions, tmp_path: Path) -> None:
    """Email follows stored changes: a run killed after storing some changes gets its digest
    from the next run (email on throughout), besides the next run's own."""
    site = KillingSite(built_editions[1])
    with smtp_server() as box, serve_app(site) as (base_url, _log):
        config = write_config(tmp_path, base_url + contents_path(LAYOUT), smtp_port=box.port)
        mw = Manualwatch(config)
        assert mw("run").exit_code == 0
        assert mw("subscribe", "lead@example.org", "--all").exit_code == 0
        site.root, site.count, site.kill_at = built_editions[2], 0, 118
        process = subprocess.Popen(
            [sys.executable, "-m", "manualwatch", "--config", str(config), "run"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        site.pid = process.pid
        process.communicate(timeout=120)
        assert site.killed.is_set() and process.returncode == -signal.SIGKILL
        site.pid = None
        assert box.messages == []
        rerun = json.loads(mw("run", "--json").stdout)["runs"][0]
    db = open_database(tmp_path / "manualwatch.db")
    killed = rerun["run_id"] - 1
    stored = db.execute("SELECT count(*) FROM changes WHERE run_id=?", [killed]).fetchone()[0]
    assert stored and rerun["changes"]  # both runs recorded part of the edition's changes
    rows = db.execute("SELECT run_id, recipient, status FROM outbox ORDER BY run_id").fetchall()
    assert rows == [(killed, "lead@example.org", "sent"),
                    (rerun["run_id"], "lead@example.org", "sent")]
    assert len(box.to("lead@example.org")) == 2
