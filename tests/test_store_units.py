"""Store functions one by one, with exact rows: the outbox's state changes, versions and their
hashes and links, which runs' versions count, chapters held by a quarantined run, listings."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from store import open_database
from store.chapters import (
    chapter_columns,
    chapter_states,
    create_chapter,
    drop_held_states,
    find_chapter,
    get_chapter,
    held_states,
    hold_state,
    listing_of,
    record_listing,
    update_chapter,
)
from store.errors import NotFound
from store.outbox import (
    all_items,
    counts,
    defer,
    items,
    mark_uncertain,
    queue_message,
    set_status,
)
from store.runs import set_status as set_run_status
from store.runs import start_run
from store.versions import add_version, get_version, text_hash, versions_of

NOW, LATER = "2026-11-25T02:00:00Z", "2026-11-26T02:00:00Z"


@pytest.fixture
def db(tmp_path: Path):
    return open_database(tmp_path / "s.db")


def queue(db, run_id: int, subscriber_id: int, recipient: str) -> bool:
    return queue_message(db, run_id=run_id, subscriber_id=subscriber_id, recipient=recipient,
                         subject=f"s{subscriber_id}", message=f"m{subscriber_id}", now=NOW)


def rows(db) -> list[tuple]:
    return [(i.id, i.run_id, i.recipient, i.status, i.attempts, i.error, i.sent_at)
            for i in all_items(db)]


def test_outbox_states_step_by_step(db) -> None:
    run = start_run(db, "m", NOW)
    assert queue(db, run, 1, "a@example.org") is True
    assert queue(db, run, 1, "a@example.org") is False  # one digest per run and subscriber
    assert queue(db, run, 2, "b@example.org") is True
    assert [(i.subject, i.message) for i in all_items(db)] == [("s1", "m1"), ("s2", "m2")]
    set_status(db, 1, "sending")
    set_status(db, 2, "sending")
    set_status(db, 1, "sent", now=LATER)
    set_status(db, 2, "failed", error="550 no such user")
    assert rows(db) == [(1, run, "a@example.org", "sent", 1, None, LATER),
                        (2, run, "b@example.org", "failed", 1, "550 no such user", None)]
    assert counts(db) == {"sent": 1, "failed": 1}
    assert [i.id for i in items(db, "failed")] == [2]
    assert [i.id for i in items(db, "sent", "failed")] == [1, 2]


def test_deferred_rows_go_back_to_queued_and_sending_ones_become_uncertain(db) -> None:
    run = start_run(db, "m", NOW)
    other = start_run(db, "m", LATER)
    for n in (1, 2, 3):
        queue(db, run if n < 3 else other, n, f"p{n}@example.org")
    set_status(db, 1, "sending")
    defer(db, [1, 2], "connection refused")
    assert [(i.status, i.attempts, i.error) for i in all_items(db)][:2] == [
        ("queued", 2, "connection refused"), ("queued", 1, "connection refused")]
    set_status(db, 3, "sending")
    assert mark_uncertain(db) == 1
    assert mark_uncertain(db) == 0
    assert counts(db) == {"queued": 2, "uncertain": 1}
    assert [i.id for i in all_items(db, other)] == [3]
    assert [i.id for i in all_items(db, run)] == [1, 2]


def test_versions_keep_text_hash_and_links(db) -> None:
    run = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="u/a", number="1.1", numbers=["1.1"], title="A",
                         section="1. All", flag=None, run_id=run)
    first = add_version(db, chapter_id=cid, run_id=run, seen_at=NOW, text="one two",
                        links=[("Working Together", "https://x/wt")])
    version = get_version(db, first)
    assert (version.chapter_id, version.run_id, version.seen_at, version.text) == (
        cid, run, NOW, "one two")
    assert version.text_hash == text_hash("one two") == hashlib.sha256(b"one two").hexdigest()
    assert version.links == (("Working Together", "https://x/wt"),)
    with pytest.raises(NotFound):
        get_version(db, first + 1)


def test_rejected_and_held_runs_never_give_the_latest_version(db) -> None:
    base = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="u/a", number="1.1", numbers=["1.1"], title="A",
                         section="1. All", flag=None, run_id=base)
    set_run_status(db, base, "ok")
    kept = add_version(db, chapter_id=cid, run_id=base, seen_at=NOW, text="accepted")
    for status in ("rejected", "quarantined"):
        held = start_run(db, "m", LATER)
        add_version(db, chapter_id=cid, run_id=held, seen_at=LATER, text=status)
        set_run_status(db, held, status)
    state = chapter_states(db, "m")["u/a"]
    assert (state.latest_version_id, state.latest_hash) == (kept, text_hash("accepted"))
    assert get_chapter(db, cid).latest_version_id == kept
    assert [v.text for v in versions_of(db, cid)] == ["accepted", "quarantined"]
    assert [v.text for v in versions_of(db, cid, include_rejected=True)] == [
        "accepted", "rejected", "quarantined"]


def test_a_held_runs_view_of_a_chapter_is_kept_until_dropped(db) -> None:
    run = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="u/a", number="1.1", numbers=["1.1", "4.2"], title="A",
                         section="1. All", flag="New", run_id=run)
    columns = chapter_columns(db, cid)
    assert columns == {"url": "u/a", "number": "1.1", "numbers": ["1.1", "4.2"], "title": "A",
                       "section": "1. All", "flag": "New", "listed": 1, "etag": None,
                       "last_modified": None, "last_run": run}
    held = start_run(db, "m", LATER)
    hold_state(db, held, cid, columns | {"title": "A2"})
    hold_state(db, held, cid, columns | {"title": "A3"})  # the latest view replaces the first
    assert held_states(db, held) == [(cid, columns | {"title": "A3"})]
    assert held_states(db, run) == []
    drop_held_states(db, held)
    assert held_states(db, held) == []


def test_a_chapter_row_left_by_a_held_run_is_reused(db) -> None:
    run = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="u/a", number="1.1", numbers=["1.1"], title="A",
                         section="1. All", flag=None, run_id=run)
    update_chapter(db, cid, held_run=run, etag='"e"', listed=False)
    assert chapter_states(db, "m") == {}  # held rows are no chapter yet
    again = start_run(db, "m", LATER)
    assert create_chapter(db, "m", url="u/a", number="2.1", numbers=["2.1", "2.9"],
                          title="B", section="2. Other", flag="Updated", run_id=again) == cid
    state = chapter_states(db, "m")["u/a"]
    assert (state.number, state.numbers, state.title, state.section, state.flag, state.listed,
            state.etag) == ("2.1", ("2.1", "2.9"), "B", "2. Other", "Updated", True, None)
    assert chapter_columns(db, cid)["last_run"] == again
    with pytest.raises(ValueError, match="unknown chapter fields"):
        update_chapter(db, cid, text="not a listing field")


def test_find_chapter_by_url_number_or_title_in_one_manual(db) -> None:
    run = start_run(db, "m", NOW)
    a = create_chapter(db, "m", url="u/a", number="1.1", numbers=["1.1", "3.2"], title="Visits",
                       section="1", flag=None, run_id=run)
    b = create_chapter(db, "n", url="u/b", number="1.1", numbers=["1.1"], title="Other",
                       section="1", flag=None, run_id=run)
    assert find_chapter(db, "m", "u/a").id == a
    assert find_chapter(db, "n", "u/a") is None
    assert find_chapter(db, "n", "1.1").id == b
    assert find_chapter(db, "m", "3.2").id == a
    assert find_chapter(db, None, "VISITS").id == a
    assert find_chapter(db, "m", "Other") is None


def test_listings_keep_the_contents_page_in_order(db) -> None:
    run = start_run(db, "m", NOW)
    record_listing(db, run, [
        {"number": "1.1", "title": "A", "url": "u/a", "section": "1. All", "group": "G",
         "flag": "New", "date": "2026-11-01", "offsite": True},
        {"number": "1.2", "title": "B", "url": "u/b"}])
    listed = [(r["position"], r["number"], r["title"], r["url"], r["section"], r["grp"],
               r["flag"], r["date"], r["offsite"]) for r in listing_of(db, run)]
    assert listed == [(0, "1.1", "A", "u/a", "1. All", "G", "New", "2026-11-01", 1),
                      (1, "1.2", "B", "u/b", None, None, None, None, 0)]
    assert listing_of(db, run + 1) == []
