"""The store refuses what it cannot trust: read commands never create a database, a database
from a newer manualwatch is refused before any write, a damaged file is one line pointing at
`manualwatch check`, and the database and its lock are readable by the owner only."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from store import open_database
from tests.conftest import Manualwatch, write_config

READERS = [("changes",), ("status",), ("status", "--json"), ("history", "1.1"),
           ("amendments",), ("audit",), ("subscribers",), ("reviews",), ("send",),
           ("check",), ("unsubscribe", "a@example.org"), ("serve", "--port", "0")]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A config with a real database of one baseline run (and its folder)."""
    folder: Path = tmp_path_factory.mktemp("stored")
    with SampleSite(layout="current", edition=1).start() as site:
        config = write_config(folder, site.contents_url)
        assert Manualwatch(config)("run").exit_code == 0
    return config


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_read_command_on_a_missing_database_exits_2_and_creates_nothing(
        tmp_path: Path, stored: Path, args: tuple[str, ...]) -> None:
    result = Manualwatch(stored)("--db", str(tmp_path / "missing" / "x.db"), *args)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: no database at {tmp_path / 'missing' / 'x.db'} (run "
                             "`manualwatch run` first, or check [store] path)\n")
    assert list(tmp_path.iterdir()) == []


def test_run_creates_the_database_only_in_a_directory_that_exists(tmp_path: Path,
                                                                  stored: Path) -> None:
    result = Manualwatch(stored)("--db", str(tmp_path / "missing" / "x.db"), "run")
    assert result.exit_code == 2
    assert "directory " + str(tmp_path / "missing") + " does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_database_wal_and_lock_are_readable_by_the_owner_only(stored: Path) -> None:
    folder = stored.parent
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.glob("manualwatch.db*")}
    assert modes["manualwatch.db"] == 0o600 and modes["manualwatch.db.lock"] == 0o600
    assert set(modes.values()) == {0o600}, modes  # -wal and -shm too, while they exist


def _copy(stored: Path, folder: Path) -> Path:
    target = folder / "copy.db"
    source = sqlite3.connect(stored.parent / "manualwatch.db")
    with sqlite3.connect(target) as out:
        source.backup(out)
    source.close()
    return target


def test_a_database_from_a_newer_manualwatch_is_refused_before_any_write(
        tmp_path: Path, stored: Path) -> None:
    db = _copy(stored, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _migrations VALUES ('0099_from_the_future', '2030-01-01')")
    conn.close()
    before = db.read_bytes()
    for args in (("status",), ("run",), ("subscribe", "a@example.org", "--all")):
        result = Manualwatch(stored)("--db", str(db), *args)
        assert result.exit_code == 2, args
        assert result.stderr == (f"Error: {db}: database was written by a newer manualwatch "
                                 "(unknown migrations: 0099_from_the_future); upgrade "
                                 "manualwatch to use it\n")
    assert db.read_bytes() == before
    checked = Manualwatch(stored)("--db", str(db), "check")
    assert checked.exit_code == 1
    assert "FAIL  schema: written by a newer manualwatch" in checked.stdout


def _damage(db: Path) -> None:
    """Overwrite every page but the first: the header and schema still say SQLite."""
    data = bytearray(db.read_bytes())
    page = 4096
    data[page:] = b"\xde\xad\xbe\xef" * ((len(data) - page) // 4)
    db.write_bytes(bytes(data))


def test_a_damaged_database_is_one_line_and_check_says_what_is_wrong(
        tmp_path: Path, stored: Path) -> None:
    db = _copy(stored, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    _damage(db)
    for args in (("status",), ("changes",), ("run",)):
        result = Manualwatch(stored)("--db", str(db), *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == "" or args == ("run",)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and str(db) in lines[0] and "manualwatch check" in lines[0], lines
    checked = Manualwatch(stored)("--db", str(db), "check", "--json")
    assert checked.exit_code == 1
    report = json.loads(checked.stdout)
    assert report["healthy"] is False
    assert [c["check"] for c in report["checks"] if not c["ok"]][0] == "integrity"


def test_check_is_0_on_a_healthy_database_and_1_for_email_stuck_sending(
        tmp_path: Path, stored: Path) -> None:
    mw = Manualwatch(stored)
    db = _copy(stored, tmp_path)
    healthy = mw("--db", str(db), "check")
    assert healthy.exit_code == 0, healthy.output
    assert healthy.stdout.splitlines()[-1] == f"{db}: healthy"
    store = open_database(db)
    with store.conn:
        store.execute("INSERT INTO outbox (run_id, subscriber_id, recipient, subject, message,"
                      " status, created_at) VALUES (1, 1, 'a@example.org', 's', 'm', 'sending',"
                      " '2026-12-02T00:00:00Z')")
    store.close()
    stuck = mw("--db", str(db), "check")
    assert stuck.exit_code == 1
    assert "FAIL  outbox: 1 email(s) stuck in 'sending'" in stuck.stdout
