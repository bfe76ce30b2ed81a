"""Store: named migrations, a new version only when the text hash changes, outbox states."""

from __future__ import annotations

from pathlib import Path

from store import open_database
from store.chapters import chapter_states, create_chapter, find_chapter, update_chapter
from store.database import transaction
from store.migrations import MIGRATIONS, apply_migrations
from store.outbox import counts, items, mark_uncertain, queue_message, set_status
from store.runs import has_baseline, start_run
from store.versions import add_version, versions_of

NOW = "2026-11-25T02:00:00Z"


def test_migrations_are_named_applied_once_and_recorded(tmp_path: Path) -> None:
    db = open_database(tmp_path / "m.db")
    names = [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert apply_migrations(db) == []


def test_latest_version_and_identity_across_url_change(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    run = start_run(db, "m", NOW)
    assert not has_baseline(db, "m")
    cid = create_chapter(db, "m", url="http://x/a", number="1.1", numbers=["1.1", "3.2"],
                         title="A", section="1. All", flag=None, run_id=run)
    add_version(db, chapter_id=cid, run_id=run, seen_at=NOW, text="one two")
    assert has_baseline(db, "m")
    update_chapter(db, cid, url="http://x/b", title="A renamed")
    state = chapter_states(db, "m")["http://x/b"]
    assert state.id == cid and state.numbers == ("1.1", "3.2")
    assert state.latest_hash is not None
    assert find_chapter(db, "m", "3.2").id == cid
    assert find_chapter(db, "m", "a renamed").id == cid
    assert find_chapter(db, "m", "9.9") is None
    assert [v.text for v in versions_of(db, cid)] == ["one two"]


def test_a_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    run = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="http://x/a", number="1", numbers=["1"], title="A",
                         section="", flag=None, run_id=run)
    try:
        with transaction(db):
            add_version(db, chapter_id=cid, run_id=run, seen_at=NOW, text="t")
            raise RuntimeError("crash between version and change")
    except RuntimeError:
        pass
    assert versions_of(db, cid) == []


def test_outbox_queues_once_and_crash_while_sending_is_uncertain(tmp_path: Path) -> None:
    db = open_database(tmp_path / "o.db")
    run = start_run(db, "m", NOW)
    assert queue_message(db, run_id=run, subscriber_id=1, recipient="a@example.org",
                         subject="s", message="m", now=NOW)
    assert not queue_message(db, run_id=run, subscriber_id=1, recipient="a@example.org",
                             subject="s", message="m", now=NOW)
    item = items(db, "queued")[0]
    set_status(db, item.id, "sending")
    assert mark_uncertain(db) == 1
    assert counts(db) == {"uncertain": 1}
