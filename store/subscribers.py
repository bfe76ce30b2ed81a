"""Subscribers and what each follows: a whole manual, chapters, or contents sections."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

import sqlite_utils

from store.database import transaction
from store.models import Follow, Subscriber


def subscribe(db: sqlite_utils.Database, email: str, manual: str, follows: Iterable[Follow],
              now: str) -> Subscriber:
    """Add a subscriber (or reuse one) and add the follows given; returns the subscriber."""
    with transaction(db):
        row = db.execute("SELECT id FROM subscribers WHERE email=? AND manual=?",
                         [email, manual]).fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO subscribers (email, manual, token, created_at) VALUES (?,?,?,?)",
                [email, manual, secrets.token_urlsafe(24), now],
            )
            subscriber_id = int(cursor.lastrowid)
        else:
            subscriber_id = row[0]
        for follow in follows:
            db.execute(
                "INSERT OR IGNORE INTO subscriptions (subscriber_id, kind, selector, chapter_id)"
                " VALUES (?,?,?,?)",
                [subscriber_id, follow.kind, follow.selector, follow.chapter_id],
            )
    return next(s for s in list_subscribers(db, manual) if s.id == subscriber_id)


def unsubscribe(db: sqlite_utils.Database, email: str, manual: str | None = None) -> int:
    """Remove a subscriber from one manual (or all); returns how many were removed."""
    where, params = ("AND manual=?", [manual]) if manual else ("", [])
    with transaction(db):
        ids = [r[0] for r in db.execute(
            f"SELECT id FROM subscribers WHERE lower(email)=lower(?) {where}",
            [email, *params]).fetchall()]
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
    where, params = ("WHERE manual=?", [manual]) if manual else ("", [])
    subscribers = []
    for row in db.query(f"SELECT * FROM subscribers {where} ORDER BY email, manual", params):
        follows = tuple(
            Follow(kind=f["kind"], selector=f["selector"], chapter_id=f["chapter_id"])
            for f in db.query("SELECT * FROM subscriptions WHERE subscriber_id=? ORDER BY id",
                              [row["id"]])
        )
        subscribers.append(Subscriber(id=row["id"], email=row["email"], manual=row["manual"],
                                      token=row["token"], created_at=row["created_at"],
                                      follows=follows))
    return subscribers
