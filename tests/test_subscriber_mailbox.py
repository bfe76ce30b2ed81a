"""One subscriber per mailbox: addresses are trimmed and compared case-insensitively, so the
same mailbox subscribed twice is one subscriber (updated, not doubled), unsubscribing it in
any case removes exactly it, and a database holding duplicates is merged by its migration."""

from __future__ import annotations

import json
from pathlib import Path

from store import open_database
from tests.conftest import Manualwatch

CONFIG = """[store]
path = "manualwatch.db"
[email]
enabled = false
[[manuals]]
name = "sample"
title = "Sample"
contents_url = "http://127.0.0.1:9/contents/contents"
"""


def _mw(tmp_path: Path) -> Manualwatch:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, "utf-8")
    return Manualwatch(config)


def _subscribers(mw: Manualwatch) -> list[dict]:
    return json.loads(mw("subscribers", "--json").stdout)["subscribers"]


def test_one_mailbox_in_two_cases_and_with_spaces_is_one_subscriber(tmp_path: Path) -> None:
    mw = _mw(tmp_path)
    assert mw("subscribe", "JANE@X.org", "--chapter", "1.1").exit_code == 0
    again = mw("subscribe", "  jane@x.org ", "--section", "5")
    assert again.exit_code == 0, again.output
    assert again.stdout == "jane@x.org follows chapter 1.1, section 5 in sample\n"
    people = _subscribers(mw)
    assert [(p["email"], [f["selector"] for f in p["follows"]]) for p in people] == [
        ("jane@x.org", ["1.1", "5"])]


def test_unsubscribing_in_another_case_removes_that_one_mailbox(tmp_path: Path) -> None:
    mw = _mw(tmp_path)
    for address in ("jane@x.org", "john@x.org"):
        assert mw("subscribe", address, "--all").exit_code == 0
    assert mw("unsubscribe", " JANE@X.ORG").exit_code == 0
    assert [p["email"] for p in _subscribers(mw)] == ["john@x.org"]


def test_the_migration_merges_mailboxes_stored_twice(tmp_path: Path) -> None:
    path = tmp_path / "manualwatch.db"
    db = open_database(path)
    with db.conn:  # the state a database written before this rule can be in
        db.execute("DROP INDEX subscribers_mailbox")
        db.execute("DELETE FROM _migrations WHERE name='0010_subscribers_one_per_mailbox'")
        for sid, email, kind, selector in ((1, "JANE@x.org", "chapter", "1.1"),
                                           (2, "jane@x.org", "all", ""),
                                           (3, "john@x.org", "all", "")):
            db.execute("INSERT INTO subscribers (id, email, manual, token, created_at)"
                       " VALUES (?, ?, 'sample', ?, '2026-01-01')", [sid, email, f"t{sid}"])
            db.execute("INSERT INTO subscriptions (subscriber_id, kind, selector)"
                       " VALUES (?, ?, ?)", [sid, kind, selector])
    db.close()
    merged = open_database(path)
    rows = merged.execute("SELECT s.id, s.email, s.token, f.kind FROM subscribers s JOIN"
                          " subscriptions f ON f.subscriber_id = s.id ORDER BY s.id, f.kind")
    assert rows.fetchall() == [(1, "JANE@x.org", "t1", "all"), (1, "JANE@x.org", "t1", "chapter"),
                               (3, "john@x.org", "t3", "all")]
