"""The annotated contents page: the contents as last seen, our badges for changes first seen
within N days beside the publisher's own markers and dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from manualwatch.publish.contents_page import annotated_contents
from manualwatch.samplesite import load_truth
from tests.conftest import Manualwatch, write_config
from tests.samplewalk import Walk, published, walk_editions

BADGES = {"new": "New", "updated": "Updated", "renamed": "Renamed", "moved": "Moved"}


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp("contents"), "current")


def test_badges_mark_exactly_the_changes_within_the_window(walk: Walk) -> None:
    page = annotated_contents(walk.db, walk.config.manuals[0], days=10, as_of="2026-09-10")
    assert page is not None
    ours = {(r.url, r.badge) for r in page.rows if r.badge}
    truth = {(walk.url(r["slug"]), BADGES[r["kind"]]) for r in load_truth(3)["changes"]
             if r["kind"] in BADGES}
    assert ours == truth
    assert all(r.badge_date == published(3) for r in page.rows if r.badge)
    flagged = {r.number for r in page.rows if r.publisher_flag}
    assert flagged == {"1.3.5", "3.5", "5.2.6", "5.7.3", "4.3.1", "6.1.2"}


def test_a_wider_window_reaches_earlier_updates(walk: Walk) -> None:
    page = annotated_contents(walk.db, walk.config.manuals[0], days=120, as_of="2026-09-10")
    badges = {r.title: r.badge for r in page.rows if r.badge}
    assert badges["Looked After Reviews"] == "Updated"  # June: no marker, our badge only
    assert badges["Child Criminal Exploitation"] == "New"
    later = annotated_contents(walk.db, walk.config.manuals[0], days=30, as_of="2026-12-31")
    assert not any(r.badge for r in later.rows)


def test_contents_command_writes_the_page(walk: Walk, tmp_path: Path) -> None:
    out = tmp_path / "contents.html"
    result = Manualwatch(walk.config_path)("contents", "--days", "10", "--as-of", "2026-09-10",
                                           "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    row = re.search(r"<tr>\s*<td>6\.1\.2</td>.*?</tr>", page, re.S).group(0)
    assert row.count('class="badge">Updated<') == 2  # the publisher's and ours
    assert "2 September 2026" in row and "seen <time" in row
    assert "<script" not in page and "<link" not in page


def test_contents_before_any_run_is_a_usage_error(tmp_path: Path) -> None:
    mw = Manualwatch(write_config(tmp_path, "http://127.0.0.1:9/contents/contents"))
    result = mw("contents")
    assert result.exit_code == 2 and "run" in result.output
