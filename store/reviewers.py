"""Reviewers: who may sign changes off (a name and an Argon2 hash), added, listed, given a new
password and removed. Names are unique ignoring case; removing a reviewer ends their sessions
and keeps their past sign-offs, attributed by name, in the trail."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import sqlite_utils

from store.database import transaction
from store.errors import NotFound, StoreError

MAX_NAME = 100
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


class ReviewerError(StoreError):
    """A reviewer that cannot be added or changed as asked."""


@dataclass(frozen=True)
class Reviewer:
    name: str
    created_at: str
    sessions: int  # sessions open now


def check_name(name: str) -> str:
    """The name trimmed, or ReviewerError saying what is wrong with it."""
    bad = [c for c in name if unicodedata.category(c) == "Cc" or c in _BIDI]
    if bad:
        raise ReviewerError(f"a reviewer's name cannot hold control characters"
                            f" (found {ascii(bad[0])})")
    name = name.strip()
    if not name:
        raise ReviewerError("a reviewer needs a name")
    if len(name) > MAX_NAME:
        raise ReviewerError(f"a reviewer's name has at most {MAX_NAME} characters"
                            f" (got {len(name)})")
    return name


def find_reviewer(db: sqlite_utils.Database, name: str) -> str | None:
    """The stored name of the reviewer called `name`, ignoring case, or None."""
    wanted = name.strip().casefold()
    if not wanted or len(wanted) > MAX_NAME * 3:
        return None
    for (stored,) in db.execute("SELECT name FROM reviewers").fetchall():
        if stored.casefold() == wanted:
            return str(stored)
    return None


def add_reviewer(db: sqlite_utils.Database, name: str, password_hash: str, now: str) -> int:
    """A new reviewer (names are unique ignoring case); the hash comes from the caller's
    hasher."""
    name = check_name(name)
    with transaction(db):
        existing = find_reviewer(db, name)
        if existing is not None:
            raise ReviewerError(f"reviewer {existing!r} already exists"
                                + ("" if existing == name else f" (same name as {name!r})"))
        cursor = db.execute("INSERT INTO reviewers (name, password_hash, created_at)"
                            " VALUES (?,?,?)", [name, password_hash, now])
    return int(cursor.lastrowid)


def _existing(db: sqlite_utils.Database, name: str) -> str:
    stored = find_reviewer(db, name)
    if stored is None:
        raise NotFound(f"there is no reviewer {name.strip()!r}")
    return stored


def change_password(db: sqlite_utils.Database, name: str, password_hash: str) -> tuple[str, int]:
    """A new password for a reviewer; every session of theirs ends. Returns the stored name
    and the number of sessions ended."""
    with transaction(db):
        stored = _existing(db, name)
        db.execute("UPDATE reviewers SET password_hash=? WHERE name=?", [password_hash, stored])
        ended = db.execute("DELETE FROM web_sessions WHERE reviewer=?", [stored]).rowcount
    return stored, ended


def remove_reviewer(db: sqlite_utils.Database, name: str) -> tuple[str, int]:
    """Remove a reviewer and end their sessions; their sign-offs stay in the trail. Returns
    the stored name and the number of sessions ended."""
    with transaction(db):
        stored = _existing(db, name)
        ended = db.execute("DELETE FROM web_sessions WHERE reviewer=?", [stored]).rowcount
        db.execute("DELETE FROM reviewers WHERE name=?", [stored])
    return stored, ended


def list_reviewers(db: sqlite_utils.Database) -> list[Reviewer]:
    rows = db.execute("SELECT r.name, r.created_at, (SELECT count(*) FROM web_sessions s"
                      " WHERE s.reviewer = r.name) FROM reviewers r ORDER BY r.name").fetchall()
    return [Reviewer(name, created, sessions) for name, created, sessions in rows]


def password_hash_of(db: sqlite_utils.Database, name: str) -> str | None:
    row = db.execute("SELECT password_hash FROM reviewers WHERE name=?", [name]).fetchone()
    return row[0] if row else None


def set_password_hash(db: sqlite_utils.Database, name: str, password_hash: str) -> None:
    """Replace a reviewer's hash (argon2 parameters changed since it was made); sessions
    stay, as the password did not change."""
    with transaction(db):
        db.execute("UPDATE reviewers SET password_hash=? WHERE name=?", [password_hash, name])
