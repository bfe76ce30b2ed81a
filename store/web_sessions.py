"""Server-side sessions of the review app: the browser holds a random id, the database only
its SHA-256 (so reading the database gives no session to replay), with the reviewer, when the
session began and when it was last used. Ending a session deletes its row."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlite_utils

from store.database import transaction

TOUCH_EVERY = timedelta(minutes=1)  # last_seen is rewritten at most this often


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def start_session(db: sqlite_utils.Database, reviewer: str, now: datetime) -> str:
    """A new session for `reviewer`; returns its id (for the cookie, never stored)."""
    session_id = secrets.token_urlsafe(32)
    with transaction(db):
        db.execute("INSERT INTO web_sessions (id_hash, reviewer, created_at, last_seen)"
                   " VALUES (?,?,?,?)", [_digest(session_id), reviewer, _iso(now), _iso(now)])
    return session_id


def session_reviewer(db: sqlite_utils.Database, session_id: str, now: datetime, *,
                     idle: timedelta, absolute: timedelta) -> str | None:
    """The reviewer of a live session: it exists, is neither idle longer than `idle` nor
    older than `absolute`, and its reviewer is (still) in the reviewers table."""
    row = db.execute("SELECT s.reviewer, s.created_at, s.last_seen FROM web_sessions s"
                     " JOIN reviewers r ON r.name = s.reviewer WHERE s.id_hash = ?",
                     [_digest(session_id)]).fetchone()
    if row is None:
        return None
    reviewer, created, seen = row[0], _parse(row[1]), _parse(row[2])
    if now - seen > idle or now - created > absolute:
        end_session(db, session_id)
        return None
    if now - seen >= TOUCH_EVERY:
        with transaction(db):
            db.execute("UPDATE web_sessions SET last_seen = ? WHERE id_hash = ?",
                       [_iso(now), _digest(session_id)])
    return str(reviewer)


def end_session(db: sqlite_utils.Database, session_id: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM web_sessions WHERE id_hash = ?", [_digest(session_id)])


def end_expired(db: sqlite_utils.Database, now: datetime, *, idle: timedelta,
                absolute: timedelta) -> int:
    """Delete every session past its idle or absolute limit; returns how many."""
    with transaction(db):
        return db.execute("DELETE FROM web_sessions WHERE last_seen < ? OR created_at < ?",
                          [_iso(now - idle), _iso(now - absolute)]).rowcount
