"""Publishing is a step with a result: when the appendix cannot be written the run records
it (`publish.ok` false with the error), exits 1, shows it in `status` and tells the admin;
the next run publishes what was missed; `approve` marks a run approved only once its
publishing succeeded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import requests
from markupsafe import escape

from manualwatch.config import load_config
from manualwatch.samplesite import SampleSite
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server
from tests.webapp import serving

ADMIN = "admin@example.org"


def _config(folder: Path, contents_url: str, port: int, extra: str = "") -> Path:
    path = write_config(folder, contents_url, smtp_port=port)
    text = path.read_text("utf-8").replace('from = "manualwatch@example.org"',
                                           f'from = "manualwatch@example.org"\nadmin = "{ADMIN}"')
    path.write_text(text + extra, "utf-8")
    return path


def _block_output(folder: Path) -> Path:
    """A file where the appendix folder must go: writing the appendix fails for real."""
    blocker = folder / "output" / "sample"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder", "utf-8")
    return blocker


@pytest.fixture
def world(tmp_path: Path):
    with smtp_server() as box, SampleSite(layout="current", edition=1).start() as site:
        yield tmp_path, box, site


def test_a_failed_appendix_is_recorded_shown_alerted_and_retried(world) -> None:
    folder, box, site = world
    mw = Manualwatch(_config(folder, site.contents_url, box.port))
    assert mw("run", "--json").exit_code == 0
    assert mw("subscribe", "all@example.org", "--all").exit_code == 0
    blocker = _block_output(folder)
    site.set_edition(2)
    result = mw("run", "--json")
    assert result.exit_code == 1
    run = json.loads(result.stdout)["runs"][0]
    assert run["status"] == "ok" and run["changes"]
    assert run["publish"]["ok"] is False
    assert run["publish"]["error"].startswith("appendix: ")
    status = json.loads(mw("status", "--json").stdout)
    assert status["manuals"][0]["runs"][0]["publish"] == run["publish"]
    assert f"not published: {run['publish']['error']}" in mw("status").stdout
    alerts = [m for m in box.messages if str(m["To"]) == ADMIN]
    assert [str(m["Subject"]) for m in alerts] == [
        f"[manualwatch] sample: run {run['run_id']} not published"]
    assert run["publish"]["error"] in alerts[0].get_content()
    with serving(load_config(mw.config)) as base:
        page = requests.get(f"{base}/runs/{run['run_id']}", timeout=30)
    assert page.status_code == 200
    assert "<strong>not published</strong>: " + str(escape(run["publish"]["error"])) in page.text

    blocker.unlink()
    again = mw("run", "--json")
    assert again.exit_code == 0, again.stdout
    assert (folder / "output" / "sample" / "amendments.atom.xml").exists()
    first = json.loads(mw("status", "--json").stdout)["manuals"][0]["runs"][1]
    assert first["run_id"] == run["run_id"]
    assert first["publish"] == {"ok": True, "error": None}


def test_approve_marks_approved_only_once_publishing_succeeded(world) -> None:
    folder, box, site = world
    config = _config(folder, site.contents_url, box.port)
    mw = Manualwatch(config)
    assert mw("run", "--json").exit_code == 0
    config.write_text(config.read_text("utf-8").replace(
        "[output]", "[guard]\nmax_changed_share = 0.01\n\n[output]"), "utf-8")
    site.set_edition(2)
    held = json.loads(mw("run", "--json").stdout)["runs"][0]
    assert held["status"] == "quarantined"
    blocker = _block_output(folder)

    refused = mw("approve", str(held["run_id"]))
    assert refused.exit_code == 1
    assert f"run {held['run_id']} stays quarantined: publishing failed: appendix:" in \
        refused.stderr
    runs = json.loads(mw("status", "--json").stdout)["manuals"][0]["runs"]
    assert runs[0]["status"] == "quarantined"
    assert runs[0]["publish"]["ok"] is False
    assert [str(m["Subject"]) for m in box.messages if str(m["To"]) == ADMIN] == [
        f"[manualwatch] sample: run {held['run_id']} quarantined",
        f"[manualwatch] sample: run {held['run_id']} not published"]

    shutil.rmtree(blocker.parent)
    approved = mw("approve", str(held["run_id"]))
    assert approved.exit_code == 0, approved.output
    runs = json.loads(mw("status", "--json").stdout)["manuals"][0]["runs"]
    assert runs[0]["status"] == "approved"
    assert runs[0]["publish"] == {"ok": True, "error": None}
    assert (folder / "output" / "sample" / "amendments.html").exists()
