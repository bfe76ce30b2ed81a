"""Text from the web is cleaned once, at the edge, and the terminal trusts nothing stored.

The sample manual serves a chapter whose text, link label and contents title carry control
characters (a character reference `&#x2;`, raw ESC/OSC sequences, BEL) and a right-to-left
override: nothing of them reaches the store, the Atom appendix parses, and no command prints
a byte below 0x20 other than newline and tab, nor U+202A-U+202E. Text stored before the
cleaning (or by another tool) is escaped on the terminal, and a reviewer's note with a
newline cannot forge a line of `manualwatch reviews`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from manualwatch.samplesite import contents_path, load_truth, page_path
from manualwatch.samplesite.build import build
from store import open_database
from store.reviews import sign_off
from tests.conftest import Manualwatch, write_config
from tests.httpserver import serve_directory

LAYOUT = "current"
HOSTILE = ("Ctl &#x2; esc \x1b[31mred\x1b[0m osc \x1b]0;owned\x07 bell \x07 "
           "bidi \u202egnp.exe\u202c del \x7f c1 \x9b2J ")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\u202a-\u202e]")


def _tamper(root: Path, slug: str) -> None:
    page = root / page_path(LAYOUT, slug).lstrip("/")
    html = page.read_text("utf-8")
    html = html.replace("<p>", "<p>" + HOSTILE, 3)
    html = html.replace("</article>", f'<p><a href="/x.pdf">{HOSTILE}form</a></p></article>', 1)
    page.write_text(html, "utf-8")
    contents = root / contents_path(LAYOUT).lstrip("/")
    text = contents.read_text("utf-8")
    href = f'href="{page_path(LAYOUT, slug)}">'
    assert href in text
    contents.write_text(text.replace(href, href + "\u202e\x1b[2J", 1), "utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    folder: Path = tmp_path_factory.mktemp("hostile")
    site = folder / "site"
    build(1, LAYOUT, site)
    slug = next(c["slug"] for c in load_truth(2)["changes"] if c["kind"] == "updated")
    with serve_directory(site) as (base, _log):
        mw = Manualwatch(write_config(folder, base + contents_path(LAYOUT)))
        assert mw("run", "--json").exit_code == 0
        build(2, LAYOUT, site)
        _tamper(site, slug)
        run = mw("run")
        assert run.exit_code == 0, run.output
    return {"folder": folder, "mw": mw, "run_output": run.output}


def test_nothing_unsafe_enters_the_store(hostile: dict) -> None:
    db = open_database(hostile["folder"] / "manualwatch.db")
    stored = [*(r[0] for r in db.execute("SELECT text || links || coalesce(page_title, '')"
                                         " FROM versions")),
              *(r[0] for r in db.execute("SELECT title FROM chapters")),
              *(r[0] for r in db.execute("SELECT title || sections FROM changes")),
              *(r[0] for r in db.execute("SELECT title FROM listings"))]
    assert any("gnp.exe" in s for s in stored), "the tampered text was stored"
    assert [s for s in stored if UNSAFE.search(s)] == []


def test_the_atom_appendix_parses(hostile: dict) -> None:
    path = hostile["folder"] / "output" / "sample" / "amendments.atom.xml"
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0 and feed.entries
    printed = hostile["mw"]("amendments", "--format", "atom")
    assert printed.exit_code == 0
    assert feedparser.parse(printed.stdout).bozo == 0


COMMANDS = [("changes",), ("changes", "--json"), ("history", "1.1.1"),
            ("status",), ("status", "--json"), ("amendments", "--format", "html"),
            ("amendments", "--format", "md"), ("amendments", "--format", "json"),
            ("amendments", "--format", "atom"), ("audit",), ("audit", "--json"),
            ("contents",), ("check",), ("reviews",)]


def test_the_run_itself_printed_nothing_unsafe(hostile: dict) -> None:
    assert "updated" in hostile["run_output"]
    assert TERMINAL_UNSAFE.findall(hostile["run_output"]) == []


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_command_prints_a_control_character(hostile: dict, args: tuple[str, ...]) -> None:
    result = hostile["mw"](*args)
    assert result.exit_code in (0, 1), result.output
    assert TERMINAL_UNSAFE.findall(result.stdout + result.stderr) == []


def test_diff_history_and_show_of_the_tampered_chapter_are_clean(hostile: dict) -> None:
    mw = hostile["mw"]
    changed = [c for c in json.loads(mw("changes", "--json").stdout)["changes"]
               if c["kind"] == "updated"]
    for change in changed:
        for args in (("diff", change["url"]), ("diff", change["url"], "--format", "html"),
                     ("diff", change["url"], "--format", "json"), ("show", change["url"]),
                     ("history", change["url"])):
            result = mw(*args)
            assert result.exit_code == 0, (args, result.output)
            assert TERMINAL_UNSAFE.findall(result.stdout) == [], args


def test_stored_text_is_escaped_on_the_terminal(tmp_path: Path, hostile: dict) -> None:
    db_path = hostile["folder"] / "manualwatch.db"
    db = open_database(db_path)
    change_id, title = db.execute("SELECT id, title FROM changes ORDER BY id LIMIT 1").fetchone()
    with db.conn:  # what an older version, or another tool, may have stored
        db.execute("UPDATE changes SET title=? WHERE id=?",
                   [title + "\x1b]0;x\x07\u202e", change_id])
    sign_off(db, change_id, reviewer="carol", decision="no_action",
             note="fine\n2026-12-01T00:00:00Z  mallory  accepted  forged line\x1b[2J",
             now="2026-12-02T10:00:00Z")
    mw = hostile["mw"]
    reviews = mw("reviews")
    assert TERMINAL_UNSAFE.findall(reviews.stdout) == []
    assert len(reviews.stdout.splitlines()) == 1
    assert "fine\\n2026-12-01" in reviews.stdout and "\\x1b[2J" in reviews.stdout
    listed = mw("changes")
    assert TERMINAL_UNSAFE.findall(listed.stdout) == []
    assert "\\x1b]0;x\\x07\\u202e" in listed.stdout
    atom = mw("amendments", "--format", "atom")  # XML cannot hold them: left out, no traceback
    assert atom.exit_code == 0 and feedparser.parse(atom.stdout).bozo == 0
