"""Store functions one by one, with exact rows: the outbox's state changes, versions and their
hashes and links, which runs' versions count, chapters held by a quarantined run, listings."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from store import open_database
from store.changes import add_change
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
    listing_runs,
    mark_seen,
    record_listing,
    update_chapter,
)
from store.errors import NotFound
from store.models import Change, PreviousRef
from store.outbox import (
    all_items,
    counts,
    defer,
    items,
    mark_uncertain,
    problems,
    queue_failure,
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


def test_a_digest_that_could_not_be_built_is_stored_failed_once(db) -> None:
    run = start_run(db, "m", NOW)
    failed = dict(run_id=run, subscriber_id=1, recipient="a@example.org", subject="s1",
                  error="the template broke", now=NOW)
    assert queue_failure(db, **failed) is True
    assert queue_failure(db, **failed | {"error": "again"}) is False
    assert [(i.run_id, i.subscriber_id, i.recipient, i.subject, i.message, i.status, i.attempts,
             i.error, i.sent_at) for i in all_items(db)] == [
        (run, 1, "a@example.org", "s1", "", "failed", 0, "the template broke", None)]
    assert db.execute("SELECT created_at FROM outbox").fetchall() == [(NOW,)]


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
    assert all_items(db)[2].error == ("the process stopped while sending it (between the "
                                      "server's answer and our record of it)")
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
    assert version.id == first
    assert (version.chapter_id, version.run_id, version.seen_at, version.text) == (
        cid, run, NOW, "one two")
    assert version.text_hash == text_hash("one two") == hashlib.sha256(b"one two").hexdigest()
    assert version.links == (("Working Together", "https://x/wt"),)
    with pytest.raises(NotFound, match=f"^no version {first + 1}$"):
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
    update_chapter(db, cid, etag='"e"', last_modified="Tue, 24 Nov 2026 10:00:00 GMT")
    assert (get_chapter(db, cid).etag, get_chapter(db, cid).last_modified) == (
        '"e"', "Tue, 24 Nov 2026 10:00:00 GMT")
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


def test_find_chapter_by_a_number_it_had_in_the_past_in_its_own_manual(db) -> None:
    old, other = start_run(db, "m", NOW), start_run(db, "n", LATER)
    record_listing(db, old, [{"number": "2.1", "title": "A", "url": "u/a"}])
    record_listing(db, other, [{"number": "2.1", "title": "N", "url": "u/n"}])  # later, in n
    a = create_chapter(db, "m", url="u/a", number="3.1", numbers=["3.1"], title="A",
                       section="1", flag=None, run_id=old)
    n = create_chapter(db, "n", url="u/n", number="5.5", numbers=["5.5"], title="N",
                       section="1", flag=None, run_id=other)
    moved = create_chapter(db, "m", url="u/c-new", number="7.1", numbers=["7.1"], title="C",
                           section="1", flag=None, run_id=old)
    add_change(db, Change(kind="moved", chapter_id=moved, number="7.1", title="C",
                          url="u/c-new", run_id=old,
                          previous=PreviousRef(number="6.1", title="C", url="u/c-old")))
    assert (find_chapter(db, "m", "2.1").id, find_chapter(db, "m", "2.1").manual,
            find_chapter(db, "m", "2.1").url) == (a, "m", "u/a")
    assert find_chapter(db, "n", "2.1").id == n
    assert find_chapter(db, None, "2.1").id == n  # the latest to have been listed under it
    assert find_chapter(db, "m", "6.1").id == moved  # its number before the move
    assert find_chapter(db, "n", "6.1") is None
    assert get_chapter(db, moved + 1) is None


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


def test_a_digest_problem_is_a_failed_or_uncertain_digest_never_an_alert(db) -> None:
    m, n = start_run(db, "m", NOW), start_run(db, "n", NOW)
    for run, subscriber, status in ((m, 1, "failed"), (n, 2, "uncertain"), (m, 3, "sent"),
                                    (m, 4, "queued"), (m, 0, "failed"), (n, -1, "failed")):
        queue(db, run, subscriber, f"p{subscriber}@example.org")
        set_status(db, len(all_items(db)), status, now=LATER, error="e")
    assert [(i.id, i.subscriber_id, i.status) for i in problems(db)] == [
        (1, 1, "failed"), (2, 2, "uncertain")]
    assert [i.id for i in problems(db, "m")] == [1]
    assert [i.id for i in problems(db, "n")] == [2]
    assert problems(db, "other") == []


def test_update_chapter_stores_numbers_as_json_and_listed_as_0_or_1(db) -> None:
    run = start_run(db, "m", NOW)
    cid = create_chapter(db, "m", url="u/a", number="1.1", numbers=["1.1"], title="A",
                         section="1", flag=None, run_id=run)
    update_chapter(db, cid, numbers=("4.1", "4.2"), listed=False)
    assert db.execute("SELECT numbers, listed FROM chapters").fetchall() == [
        ('["4.1", "4.2"]', 0)]
    update_chapter(db, cid, listed=2)  # anything true is stored as 1
    assert db.execute("SELECT numbers, listed FROM chapters").fetchall() == [
        ('["4.1", "4.2"]', 1)]


def test_mark_seen_reaches_every_chapter_in_chunks_of_500(db) -> None:
    run, later = start_run(db, "m", NOW), start_run(db, "m", LATER)
    ids = [create_chapter(db, "m", url=f"u/{i}", number=str(i), numbers=[str(i)], title=str(i),
                          section="1", flag=None, run_id=run) for i in range(4)]
    missing = iter(range(10_000, 11_000))  # ids of no chapter, to fill the chunks
    seen = [ids[0], *(next(missing) for _ in range(499)), ids[1],
            *(next(missing) for _ in range(499)), ids[2]]
    assert [seen.index(i) for i in ids[:3]] == [0, 500, 1000]
    mark_seen(db, seen, later)
    assert [chapter_columns(db, i)["last_run"] for i in ids] == [later, later, later, run]


def test_a_listing_like_the_previous_one_points_at_its_rows(db) -> None:
    first = [{"number": "1.1", "title": "A", "url": "u/a"}]
    second = [{"number": "1.1", "title": "A", "url": "u/a", "flag": "New"}]
    runs = [start_run(db, manual, NOW) for manual in ("m", "m", "n", "m", "m", "m")]
    for run, listing in zip(runs, (first, first, first, second, None, second), strict=True):
        if listing is not None:
            record_listing(db, run, listing)
    one, again, other, changed, unread, same = runs
    assert listing_runs(db, "m") == {one: one, again: one, changed: changed, same: changed}
    assert listing_runs(db, "n") == {other: other}
    assert db.execute("SELECT run_id, count(*) FROM listings GROUP BY run_id").fetchall() == [
        (one, 1), (other, 1), (changed, 1)]
    assert [r["flag"] for r in listing_of(db, same)] == ["New"]
    assert listing_of(db, unread) == []
