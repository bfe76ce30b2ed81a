"""One run at a time per database, across processes: a second run exits 1 naming the holder,
and a lock left by a killed process is taken over."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from manualwatch.ops.lock import LockHeld, RunLock, current_holder, lock_path
from manualwatch.samplesite import SampleSite, contents_path
from store import open_database
from tests.cliprocess import WAIT_SECONDS, CliProcess, ops_config
from tests.conftest import Manualwatch
from tests.httpserver import RecordedRequest, Reply, file_reply, serve_app

HOLDER = re.compile(r"another run is in progress \(pid (\d+) since (\d{4}-\d\d-\d\dT[\d:]+Z)\)")


@pytest.fixture
def site():
    with SampleSite("current", edition=1).start() as running:
        yield running


class HeldSite:
    """Serves a built edition; the first chapter request waits until `release` is set, so
    the run making it is surely still running (and holding the lock)."""

    def __init__(self, root: Path) -> None:
        self.root, self.arrived, self.release = root, threading.Event(), threading.Event()

    def __call__(self, request: RecordedRequest) -> Reply:
        if request.path.startswith("/chapter/") and not self.arrived.is_set():
            self.arrived.set()
            self.release.wait(WAIT_SECONDS)
        return file_reply(self.root, request)


def test_two_overlapping_runs_only_one_runs(built_editions, tmp_path: Path) -> None:
    held = HeldSite(built_editions[1])
    with serve_app(held) as (base, _log):
        config = ops_config(tmp_path, [("sample", base + contents_path("current"))])
        config.write_text(config.read_text("utf-8").replace(  # the held page must not time out
            "timeout_seconds = 5", f"timeout_seconds = {2 * WAIT_SECONDS}"), "utf-8")
        winner = CliProcess(config, "run", "--json")
        try:
            assert held.arrived.wait(WAIT_SECONDS)  # the first run is mid-crawl
            loser = CliProcess(config, "run", "--json")
            assert loser.finish() == 1
        finally:
            held.release.set()
        assert winner.finish() == 0
    found = HOLDER.search(loser.stderr())
    assert found, loser.stderr()
    assert int(found.group(1)) == winner.pid
    assert json.loads(loser.stdout) == {"runs": [], "error": found.group(0)}
    assert [r["status"] for r in json.loads(winner.stdout)["runs"]] == ["ok"]
    db = open_database(tmp_path / "manualwatch.db")
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_lock_held_in_this_process_refuses_a_second_holder(tmp_path: Path) -> None:
    db_path = tmp_path / "manualwatch.db"
    with RunLock(db_path):
        assert current_holder(db_path).pid == os.getpid()
        with pytest.raises(LockHeld) as caught:
            RunLock(db_path).acquire()
        assert caught.value.holder.pid == os.getpid()
        assert HOLDER.fullmatch(str(caught.value))
    assert current_holder(db_path) is None
    assert lock_path(db_path).read_text() == ""
    with RunLock(db_path) as again:
        assert again.stale is None  # a clean release leaves no holder behind


def test_run_and_send_refuse_while_the_lock_is_held(site: SampleSite, tmp_path: Path) -> None:
    mw = Manualwatch(ops_config(tmp_path, [("sample", site.contents_url)]))
    with RunLock(tmp_path / "manualwatch.db"):
        refused = mw("run")
        assert refused.exit_code == 1
        assert HOLDER.search(refused.stderr)
        status = json.loads(mw("status", "--json").stdout)
        assert status["running"]["pid"] == os.getpid()
    assert mw("run").exit_code == 0


def test_a_stale_lock_from_a_killed_process_is_taken_over(site: SampleSite,
                                                          tmp_path: Path) -> None:
    db_path = tmp_path / "manualwatch.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from manualwatch.ops.lock import RunLock; "
         f"lock = RunLock({str(db_path)!r}).acquire(); print('held', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    mw = Manualwatch(ops_config(tmp_path, [("sample", site.contents_url)]))
    assert mw("run").exit_code == 1  # alive: refused
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert json.loads(lock_path(db_path).read_text())["pid"] == holder.pid  # left behind
    assert json.loads(mw("status", "--json").stdout)["running"] is None
    result = mw("run")
    assert result.exit_code == 0, result.output
    assert "event=lock.taken_over" in result.stderr
    assert f"pid {holder.pid} since" in result.stderr
