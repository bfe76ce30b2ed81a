"""`manualwatch reviewer add | passwd | remove | list`: names are trimmed, non-empty, at most
100 characters, free of control characters and unique ignoring case; a new password or a
removal ends the reviewer's sessions; a removed reviewer's sign-offs stay in the trail."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from manualwatch.cli import cli
from store import open_database
from store.reviews import audit_trail, sign_off
from store.web_sessions import start_session
from tests.conftest import write_config
from tests.webstore import chapter_store

PASSWORD = "a good password"


def reviewer(config: Path, *args: str, password: str = PASSWORD) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), "reviewer", *args],
                              input=password + "\n")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path, "http://127.0.0.1:9/contents")


@pytest.mark.parametrize(("name", "message"), [
    ("", "a reviewer needs a name"),
    ("   ", "a reviewer needs a name"),
    ("x" * 101, "at most 100 characters (got 101)"),
    ("x" * 100_000, "at most 100 characters (got 100000)"),
    ("ada\nroot  added", "cannot hold control characters (found '\\n')"),
    ("ada\x1b[31m", "cannot hold control characters (found '\\x1b')"),
    ("ada\x07", "cannot hold control characters (found '\\x07')"),
    ("ada\x85", "cannot hold control characters (found '\\x85')"),
    ("ada\u202egnp.exe", "cannot hold control characters (found '\\u202e')"),
], ids=["empty", "blank", "101", "100000", "newline", "escape", "bell", "c1", "bidi"])
def test_add_refuses_a_bad_name(config: Path, name: str, message: str) -> None:
    result = reviewer(config, "add", name, "--password-stdin")
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "no reviewers" in reviewer(config, "list").output


def test_names_that_differ_only_by_case_are_one_reviewer(config: Path) -> None:
    assert reviewer(config, "add", " Carol ", "--password-stdin").exit_code == 0
    for twin in ("carol", "CAROL", "Carol"):
        result = reviewer(config, "add", twin, "--password-stdin")
        assert result.exit_code == 2 and "reviewer 'Carol' already exists" in result.output
    assert reviewer(config, "add", "x" * 100, "--password-stdin").exit_code == 0
    listed = reviewer(config, "list").output.splitlines()
    assert [line.split("  ")[0] for line in listed] == ["Carol", "x" * 100]


def test_passwd_and_remove_end_sessions_and_keep_the_trail(config: Path) -> None:
    assert reviewer(config, "add", "Dev", "--password-stdin").exit_code == 0
    db, (change,) = chapter_store(config.parent / "manualwatch.db", ["a b", "a c"])
    now = datetime(2026, 3, 1, tzinfo=UTC)
    for _ in range(2):
        start_session(db, "Dev", now)
    assert "Dev  added" in reviewer(config, "list").output
    assert "2 session(s) open" in reviewer(config, "list").output
    short = reviewer(config, "passwd", "dev", "--password-stdin", password="short")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    changed = reviewer(config, "passwd", "dev", "--password-stdin", password="new password!")
    assert changed.exit_code == 0, changed.output
    assert changed.output == "password of reviewer Dev changed; 2 session(s) ended\n"
    start_session(db, "Dev", now)
    sign_off(db, change.id, reviewer="Dev", decision="no_action", note="ok", now="2026-03-02")
    removed = reviewer(config, "remove", "DEV")
    assert removed.output == ("reviewer Dev removed; 1 session(s) ended; their sign-offs stay"
                              " in the trail\n")
    assert [(r["reviewer"], r["note"]) for r in audit_trail(db)] == [("Dev", "ok")]
    assert db.execute("SELECT count(*) FROM web_sessions").fetchone()[0] == 0
    for args in (("remove", "Dev"), ("passwd", "Dev", "--password-stdin")):
        missing = reviewer(config, *args)
        assert missing.exit_code == 2 and "there is no reviewer 'Dev'" in missing.output
    db2 = open_database(config.parent / "manualwatch.db")
    assert db2.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 0
