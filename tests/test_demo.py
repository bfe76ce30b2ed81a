"""`manualwatch demo`: the whole pipeline offline, into one folder, exit 0."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result

from manualwatch.cli import cli
from manualwatch.samplesite import EDITIONS, load_truth
from store import open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Result]:
    """One demo run, read by the tests below (each that writes works on its own copy)."""
    folder = tmp_path_factory.mktemp("demo") / "demo-output"
    result = CliRunner().invoke(cli, ["demo", "--output", str(folder), "--delay", "0"],
                                catch_exceptions=False)
    return folder, result


def test_demo_runs_editions_into_one_folder(demo: tuple[Path, Result]) -> None:
    folder, result = demo
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("edition 1") and "baseline" in line for line in lines)
    assert any(line.startswith("edition 2") and "updated" in line for line in lines)
    assert any(line.startswith("edition 3 again") and "no changes" in line for line in lines)
    assert "answered 304 Not Modified" in result.output
    db = open_database(folder / "manualwatch.db")
    planted = ["ok", *(load_truth(n)["status"] for n in EDITIONS[1:])]  # 3.4 taken off: partial
    assert [r[0] for r in db.execute("SELECT status FROM runs ORDER BY id")] == \
        [*planted, planted[-1]]
    html = (folder / "sample" / "amendments.html").read_text(encoding="utf-8")
    markdown = (folder / "sample" / "amendments.md").read_text(encoding="utf-8")
    assert "Child Criminal Exploitation" in html and "Child Criminal Exploitation" in markdown
    assert lines[-2:] == ["Browse what it found in the review app:",
                          f"  manualwatch --config {folder / 'config.toml'} serve"]
    # the sample site is gone once the demo ends: every link in the appendix stays in the page
    hrefs = lxml.html.fromstring(html).xpath("//a/@href")
    assert hrefs and all(h.startswith("#") for h in hrefs), [
        h for h in hrefs if not h.startswith("#")]
    emails = sorted((folder / "emails").glob("*.eml"))
    assert sorted(email.message_from_bytes(p.read_bytes())["To"] for p in emails) == \
        expected_recipients()
    for path in emails:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["To"].endswith("@example.org")
        assert message.get_body(("plain",)) is not None
        assert message.get_body(("html",)) is not None


def expected_recipients() -> list[str]:
    """From the truth files: each later edition emails the practice lead (all chapters) and
    each team whose section (1 safeguarding, 6 fostering) has a change."""
    recipients = []
    for edition in EDITIONS[1:]:
        numbers = [c["number"] for c in load_truth(edition)["changes"]]
        recipients.append("practice-lead@example.org")
        for team, section in (("safeguarding-team", "1."), ("fostering-team", "6.")):
            if any(n.startswith(section) for n in numbers):
                recipients.append(f"{team}@example.org")
    return sorted(recipients)


def test_demo_audit_finds_exactly_the_planted_findings(demo: tuple[Path, Result],
                                                      tmp_path: Path) -> None:
    folder = shutil.copytree(demo[0], tmp_path / "audit")
    assert demo[1].exit_code == 0
    result = CliRunner().invoke(cli, ["--config", str(folder / "config.toml"), "audit", "--json"])
    found = sorted((f["kind"], f["number"]) for f in json.loads(result.stdout)["findings"])
    planted = [(f["kind"], f["number"]) for n in EDITIONS[1:] for f in load_truth(n)["audit"]]
    still_dead = [(f["kind"], f["number"]) for f in load_truth(EDITIONS[-1])["audit"]
                  if f["kind"] == "broken_link"]  # found again by the demo's unchanged rerun
    assert found == sorted(planted + still_dead) and len(found) == 10


def test_demo_can_run_again_in_the_same_folder(demo: tuple[Path, Result],
                                              tmp_path: Path) -> None:
    folder = shutil.copytree(demo[0], tmp_path / "again")  # a folder a finished demo left
    assert demo[1].exit_code == 0
    result = CliRunner().invoke(cli, ["demo", "--output", str(folder), "--delay", "0",
                                      "--layout", "classic"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "baseline" in result.output
