"""`manualwatch --help` and `manualwatch status` start without the heavy libraries: the web
app, the scheduler, feeds, HTML parsing and templates are imported only by commands that use
them (read from the `sys.modules` of a fresh process, not timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from store import open_database
from tests.cliprocess import ops_config, refused_url

HEAVY = ("flask", "apscheduler", "feedgen", "lxml", "jinja2")
PROBE = """
import json, sys
from manualwatch.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="manualwatch")
except SystemExit as stop:
    code = stop.code
print("MODULES " + json.dumps(sorted({m.split('.')[0] for m in sys.modules}) + [code]),
      file=sys.stderr)
"""


def _modules(folder: Path, *args: str) -> tuple[set[str], object, str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]))
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=60)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    *names, code = json.loads(line.removeprefix("MODULES "))
    return set(names), code, done.stdout


@pytest.mark.parametrize("args", [["--help"], ["status"], ["status", "--json"]],
                         ids=["help", "status", "status-json"])
def test_start_up_imports_no_heavy_library(tmp_path: Path, args: list[str]) -> None:
    config = ops_config(tmp_path, [("sample", refused_url())])
    open_database(tmp_path / "manualwatch.db").conn.close()
    names, code, out = _modules(tmp_path, "--config", str(config), *args)
    assert code in (0, None)
    assert "next scheduled run" in out or "Commands:" in out or '"next_run"' in out
    assert sorted(names & set(HEAVY)) == []


def test_a_run_with_nothing_to_publish_imports_the_crawler_only(tmp_path: Path) -> None:
    """`run` needs HTTP and HTML parsing (the probe sees them); templates, feeds, the web app
    and the scheduler only when there is something to publish or schedule."""
    config = ops_config(tmp_path, [("sample", refused_url())])
    names, code, _ = _modules(tmp_path, "--config", str(config), "run", "--no-email")
    assert code == 2  # nothing could run
    assert {"requests", "lxml"} <= names
    assert sorted(names & set(HEAVY)) == ["lxml"]
