"""The reading commands as a person at a terminal meets them, over a database filled by real
runs of the sample manual's three editions: `diff` with nothing to compare, `diff --format
html` as a whole page, `show --on DATE|VERSION|baseline` with its header, a removed chapter,
a chapter found by a number it used to have, and `contents` as a text table on a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from store.versions import versions_of
from tests.conftest import Manualwatch
from tests.samplewalk import Walk, walk_editions

UNCHANGED = "1.1.1"  # Confidentiality Policy: never changed in the sample editions


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Walk:
    return walk_editions(tmp_path_factory.mktemp("readable"), "current")


@pytest.fixture(scope="module")
def mw(walk: Walk) -> Manualwatch:
    return Manualwatch(walk.config_path)


def _chapter_id(walk: Walk, number: str) -> int:
    return walk.db.execute("SELECT id FROM chapters WHERE number=?", [number]).fetchone()[0]


def test_diff_with_one_version_says_so_once(mw: Manualwatch, walk: Walk) -> None:
    result = mw("diff", UNCHANGED)
    assert result.exit_code == 0, result.output
    version = versions_of(walk.db, _chapter_id(walk, UNCHANGED))[0]
    assert result.output.splitlines() == [
        f"1.1.1 Confidentiality Policy: only version {version.id} (first seen 2 Mar 2026 02:00"
        " GMT) is stored, so there is nothing to compare yet."]


def test_diff_between_versions_names_both_and_summarises_once(mw: Manualwatch) -> None:
    result = mw("diff", "Section 47 Enquiries")
    lines = result.output.splitlines()
    assert lines[0].startswith("1.3.3 Section 47 Enquiries: version ")
    assert " (first seen 2 Mar 2026 02:00 GMT) -> version " in lines[0]
    assert lines[1].startswith("Section ") and "No changes." not in result.output
    assert not any(line[2:].startswith(("## ", "- ")) for line in lines[2:])


def test_diff_html_is_a_whole_page_unless_a_fragment(mw: Manualwatch) -> None:
    page = mw("diff", "Section 47 Enquiries", "--format", "html").output
    tree = lxml.html.fromstring(page)
    assert page.startswith("<!DOCTYPE html>")
    assert tree.findtext(".//title") == "1.3.3 Section 47 Enquiries: what changed"
    assert tree.findtext(".//h1") == "1.3.3 Section 47 Enquiries"
    assert tree.get_element_by_id("summary").text_content().startswith("Section ")
    assert tree.xpath("//ins") and "<script" not in page and "http" not in tree.xpath(
        "string(//link/@href)")
    fragment = mw("diff", "Section 47 Enquiries", "--format", "html", "--fragment").output
    assert fragment.startswith('<div class="mw-diff"') and "<title>" not in fragment


def test_show_on_a_date_a_version_or_the_baseline(mw: Manualwatch, walk: Walk) -> None:
    chapter = _chapter_id(walk, "1.3.3")
    first, second = versions_of(walk.db, chapter)[:2]
    baseline = mw("show", "1.3.3", "--on", "baseline").output.splitlines()
    assert baseline[0] == "1.3.3 Section 47 Enquiries"
    assert baseline[2] == (f"version {first.id} (first seen 2 Mar 2026 02:00 GMT), "
                           "since replaced")
    by_id = mw("show", "1.3.3", "--on", str(second.id)).output.splitlines()
    assert by_id[2].startswith(f"version {second.id} (first seen ")
    on_day = mw("show", "1.3.3", "--on", "2026-05-31").output
    assert on_day == mw("show", "1.3.3", "--on", "baseline").output
    text = mw("show", "1.3.3").output
    assert "## " not in text and not any(line.startswith("- ") for line in text.splitlines())
    assert "\n• " in text
    bad = mw("show", "1.3.3", "--on", "yesterday")
    assert bad.exit_code == 2 or bad.exit_code == 1
    assert "expected a version number, a date YYYY-MM-DD or 'baseline', got 'yesterday'" in \
        bad.output


def test_show_says_when_a_chapter_was_removed(mw: Manualwatch) -> None:
    result = mw("show", "Storage of Data on Mobile Devices")
    assert result.exit_code == 0, result.output
    assert ("removed on 1 Jun 2026 03:00 BST: no longer listed on the contents page"
            in result.output.splitlines())


@pytest.mark.parametrize("command", ["history", "diff", "show"])
def test_a_chapter_is_found_by_a_number_it_used_to_have(mw: Manualwatch, command: str) -> None:
    result = mw(command, "5.1.21")  # Health and Safety, now 5.5.6 and renamed
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5.5.6 Health and Safety of Looked After Children")


def test_contents_is_html_when_piped_and_a_table_on_a_terminal(walk: Walk) -> None:
    piped = subprocess.run([sys.executable, "-m", "manualwatch", "--config",
                            str(walk.config_path), "contents"], capture_output=True, text=True,
                           check=True)
    assert piped.stdout.startswith("<!DOCTYPE html>")
    primary, secondary = os.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "manualwatch", "--config",
                                    str(walk.config_path), "contents"], stdout=secondary,
                                   stderr=subprocess.DEVNULL)
        os.close(secondary)
        shown = _read_all(primary)  # read while it writes: a terminal's buffer is small
    finally:
        os.close(primary)
    assert process.wait() == 0
    lines = shown.replace("\r\n", "\n").splitlines()
    assert lines[0] == "Contents: Norfolk Children's Services Procedure Manual (sample)"
    assert "<" not in shown
    row = next(line for line in lines if "Section 47 Enquiries" in line)
    assert row.split()[0] == "1.3.3" and "[publisher: 19 January 2026]" in row


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8")


def test_contents_text_format_can_be_asked_for(mw: Manualwatch, tmp_path: Path) -> None:
    text = mw("contents", "--format", "text").output
    assert text.startswith("Contents: ") and "<" not in text
    out = tmp_path / "contents.html"
    assert mw("contents", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
