"""Logging: structured key=value lines on stderr and in `[log] file`, none on stderr under
--json; the progress bar only when stderr is a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import threading
from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from tests.cliprocess import CliProcess, ops_config
from tests.conftest import Manualwatch

LINE = re.compile(r'^time=\d{4}-\d\d-\d\dT[\d:]+Z level=(debug|info|warning|error) event=[a-z_.]+'
                  r'( [a-z_]+=("([^"\\]|\\.)*"|\S+))*$')


@pytest.fixture
def site():
    with SampleSite("current").start() as running:
        yield running


def test_log_lines_on_stderr_and_in_the_file_but_not_under_json(site: SampleSite,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()  # the log file's directory must exist (issue 12)
    mw = Manualwatch(ops_config(tmp_path, [("sample", site.contents_url)],
                                log='file = "logs/manualwatch.log"\nlevel = "info"'))
    plain = mw("run")
    assert plain.exit_code == 0
    lines = plain.stderr.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    assert any(re.search(r"event=run\.finished manual=sample run_id=1 status=ok ", line)
               for line in lines)
    as_json = mw("run", "--json")
    assert as_json.exit_code == 0
    assert as_json.stderr == ""
    assert json.loads(as_json.stdout)["runs"][0]["run_id"] == 2
    logged = (tmp_path / "logs" / "manualwatch.log").read_text(encoding="utf-8").splitlines()
    assert all(LINE.match(line) for line in logged)
    finished = [line for line in logged if "event=run.finished" in line]
    assert [re.search(r"run_id=(\d+)", line).group(1) for line in finished] == ["1", "2"]
    assert not any("level=debug" in line for line in logged)  # the configured level holds


def test_progress_bar_only_on_a_terminal(site: SampleSite, tmp_path: Path) -> None:
    config = ops_config(tmp_path, [("sample", site.contents_url)], log='level = "warning"')
    not_a_terminal = Manualwatch(config)("run")
    assert "crawling [" not in not_a_terminal.stderr
    leader, follower = pty.openpty()
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, chunks))
    reader.start()
    process = CliProcess(config, "run", stderr_fd=follower)
    os.close(follower)
    assert process.finish() == 0
    reader.join(30)
    on_terminal = b"".join(chunks).decode()
    assert "crawling [" in on_terminal and "\r" in on_terminal
    assert "crawling [" not in process.stdout


def _drain(fd: int, chunks: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO once the other end is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(fd)
