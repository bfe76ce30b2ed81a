"""One run at a time per database, across processes: a second run exits 1 naming the holder,
and a lock left by a killed process is taken over."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from manualwatch.ops.lock import LockHeld, RunLock, current_holder, lock_path
from manualwatch.samplesite import SampleSite
from store import open_database
from tests.cliprocess import CliProcess, ops_config
from tests.conftest import Manualwatch

HOLDER = re.compile(r"another run is in progress \(pid (\d+) since (\d{4}-\d\d-\d\dT[\d:]+Z)\)")


@pytest.fixture
def site():
    with SampleSite("current", edition=1).start() as running:
        yield running


def test_two_runs_started_together_only_one_runs(site: SampleSite, tmp_path: Path) -> None:
    config = ops_config(tmp_path, [("sample", site.contents_url)], delay=0.02)
    first, second = (CliProcess(config, "run", "--json") for _ in range(2))
    codes = {first.pid: first.finish(), second.pid: second.finish()}
    assert sorted(codes.values()) == [0, 1]
    winner = next(p for p in (first, second) if codes[p.pid] == 0)
    loser = next(p for p in (first, second) if codes[p.pid] == 1)
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
