"""Subscribers and what each follows: a whole manual, chapters, or contents sections."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

import sqlite_utils

from store.database import transaction
from store.models import Follow, Subscriber


def subscribe(db: sqlite_utils.Database, email: str, manual: str, follows: Iterable[Follow],
              now: str, *, adoption: bool | None = None) -> Subscriber:
    """Add a subscriber, or update the one with the same mailbox (addresses compared
    case-insensitively, spaces trimmed), adding the follows given; returns the subscriber.
    `adoption` (None: as it was, off for a new one) says whether they are also told when
    another manual takes up a change of a chapter they follow."""
    email = email.strip()
    with transaction(db):
        row = db.execute("SELECT id FROM subscribers WHERE lower(email)=lower(?) AND manual=?",
                         [email, manual]).fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO subscribers (email, manual, token, created_at) VALUES (?,?,?,?)",
                [email, manual, secrets.token_urlsafe(24), now],
            )
            subscriber_id = int(cursor.lastrowid)
        else:
            subscriber_id = row[0]
            db.execute("UPDATE subscribers SET email=? WHERE id=?", [email, subscriber_id])
        if adoption is not None:
            db.execute("UPDATE subscribers SET adoption=? WHERE id=?",
                       [int(adoption), subscriber_id])
        for follow in follows:
            db.execute(
                "INSERT OR IGNORE INTO subscriptions (subscriber_id, kind, selector, chapter_id)"
                " VALUES (?,?,?,?)",
                [subscriber_id, follow.kind, follow.selector, follow.chapter_id],
            )
    return next(s for s in list_subscribers(db, manual) if s.id == subscriber_id)


def find_subscriber(db: sqlite_utils.Database, email: str, manual: str) -> Subscriber | None:
    """The subscriber of `manual` with this mailbox (compared as `subscribe` does), if any."""
    row = db.execute("SELECT id FROM subscribers WHERE lower(email)=lower(?) AND manual=?",
                     [email.strip(), manual]).fetchone()
    if row is None:
        return None
    return next(s for s in list_subscribers(db, manual) if s.id == row[0])


def unsubscribe(db: sqlite_utils.Database, email: str, manual: str | None = None) -> int:
    """Remove a subscriber from one manual (or all); returns how many were removed."""
    where, params = ("AND manual=?", [manual]) if manual else ("", [])
    with transaction(db):
        ids = [r[0] for r in db.execute(
            f"SELECT id FROM subscribers WHERE lower(email)=lower(?) {where}",
            [email.strip(), *params]).fetchall()]
        for subscriber_id in ids:
            db.execute("DELETE FROM subscriptions WHERE subscriber_id=?", [subscriber_id])
            db.execute("DELETE FROM subscribers WHERE id=?", [subscriber_id])
    return len(ids)


def unsubscribe_token(db: sqlite_utils.Database, token: str) -> str | None:
    """Remove the subscriber holding `token`; returns their address, or None."""
    row = db.execute("SELECT email, manual FROM subscribers WHERE token=?", [token]).fetchone()
    if row is None:
        return None
    unsubscribe(db, row[0], row[1])
    return row[0]


def list_subscribers(db: sqlite_utils.Database, manual: str | None = None) -> list[Subscriber]:
    """Subscribers (of one manual, or all) with what each follows, by address."""
    where, params = ("WHERE s.manual=?", [manual]) if manual else ("", [])
    follows: dict[int, list[Follow]] = {}
    for f in db.query("SELECT f.* FROM subscriptions f JOIN subscribers s"
                      f" ON s.id = f.subscriber_id {where} ORDER BY f.id", params):
        follows.setdefault(f["subscriber_id"], []).append(
            Follow(kind=f["kind"], selector=f["selector"], chapter_id=f["chapter_id"]))
    return [Subscriber(id=row["id"], email=row["email"], manual=row["manual"], token=row["token"],
                       created_at=row["created_at"], follows=tuple(follows.get(row["id"], ())),
                       adoption=bool(row["adoption"]))
            for row in db.query(f"SELECT * FROM subscribers s {where} ORDER BY email, manual",
                                params)]


def unbound_follows(db: sqlite_utils.Database, manual: str) -> list[tuple[int, str]]:
    """(subscriber id, selector) of chapter subscriptions not yet bound to a chapter."""
    rows = db.execute(
        "SELECT f.subscriber_id, f.selector FROM subscriptions f JOIN subscribers s"
        " ON s.id = f.subscriber_id WHERE s.manual=? AND f.kind='chapter'"
        " AND f.chapter_id IS NULL ORDER BY f.id", [manual]).fetchall()
    return [(r[0], r[1]) for r in rows]


def bind_follow(db: sqlite_utils.Database, subscriber_id: int, selector: str,
                chapter_id: int) -> None:
    """From now on this chapter subscription follows the chapter itself, whatever its name."""
    with transaction(db):
        db.execute("UPDATE subscriptions SET chapter_id=? WHERE subscriber_id=? AND"
                   " kind='chapter' AND selector=?", [chapter_id, subscriber_id, selector])


def contents_headings(db: sqlite_utils.Database, manual: str) -> set[str]:
    """The section and group headings of the manual's latest recorded contents page."""
    rows = db.execute(
        "SELECT DISTINCT l.section, l.grp FROM listings l WHERE l.run_id = (SELECT max(l2.run_id)"
        " FROM listings l2 JOIN runs r ON r.id = l2.run_id WHERE r.manual=?)", [manual])
    return {h for row in rows.fetchall() for h in row if h}


def listing_headings(db: sqlite_utils.Database, manual: str) -> dict[str, tuple[str, ...]]:
    """Chapter URL -> the section and group headings the manual's latest recorded contents
    page lists it under."""
    rows = db.execute(
        "SELECT l.url, l.section, l.grp FROM listings l WHERE l.run_id = (SELECT max(l2.run_id)"
        " FROM listings l2 JOIN runs r ON r.id = l2.run_id WHERE r.manual=?)", [manual])
    found: dict[str, set[str]] = {}
    for url, section, group in rows.fetchall():
        found.setdefault(url, set()).update(h for h in (section, group) if h)
    return {url: tuple(sorted(headings)) for url, headings in found.items()}
