"""Staff acknowledgements: "I have read these changes", from a personal link in a digest.

Each digest (one run, one subscriber) gets one unguessable token naming the changes it
carried. Opening the link shows them; confirming appends one row per change (who, which
change and version, when, from which digest). An acknowledgement of a version that is no
longer the chapter's latest is stale: the staff member has not read what is in force now.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from store.database import transaction

TOKEN_BYTES = 24  # 192 random bits, URL-safe


@dataclass(frozen=True)
class AckToken:
    token: str
    run_id: int
    subscriber_id: int
    email: str
    change_ids: tuple[int, ...]
    created_at: str


@dataclass(frozen=True)
class Acknowledgement:
    email: str
    change_id: int
    version_id: int | None
    acknowledged_at: str
    run_id: int
    stale: bool  # a newer version of the chapter exists


def issue_token(db: sqlite_utils.Database, *, run_id: int, subscriber_id: int, email: str,
                change_ids: Iterable[int], now: str) -> str:
    """The token of this digest (made once per run and subscriber; the same token after)."""
    with transaction(db):
        row = db.execute("SELECT token FROM ack_tokens WHERE run_id=? AND subscriber_id=?",
                         [run_id, subscriber_id]).fetchone()
        if row is not None:
            return str(row[0])
        token = secrets.token_urlsafe(TOKEN_BYTES)
        db.execute("INSERT INTO ack_tokens (token, run_id, subscriber_id, email, change_ids,"
                   " created_at) VALUES (?,?,?,?,?,?)",
                   [token, run_id, subscriber_id, email, json.dumps(sorted(set(change_ids))),
                    now])
    return token


def find_token(db: sqlite_utils.Database, token: str) -> AckToken | None:
    """The digest a token belongs to, or None for a token never issued."""
    if not token or len(token) > 100:
        return None
    rows = list(db.query("SELECT * FROM ack_tokens WHERE token=?", [token]))
    if not rows:
        return None
    row = rows[0]
    return AckToken(token=row["token"], run_id=row["run_id"], subscriber_id=row["subscriber_id"],
                    email=row["email"], change_ids=tuple(json.loads(row["change_ids"])),
                    created_at=row["created_at"])


def acknowledge(db: sqlite_utils.Database, ack: AckToken, now: str) -> int:
    """Record the attestation: one row per change of the digest; returns rows added.

    A change already acknowledged from this digest is not recorded twice.
    """
    added = 0
    with transaction(db):
        for change_id in ack.change_ids:
            row = db.execute("SELECT chapter_id, to_version_id, from_version_id FROM changes"
                             " WHERE id=?", [change_id]).fetchone()
            done = db.execute("SELECT 1 FROM acknowledgements WHERE token=? AND change_id=?",
                              [ack.token, change_id]).fetchone()
            if row is None or done:
                continue
            db.execute("INSERT INTO acknowledgements (token, email, run_id, change_id,"
                       " chapter_id, version_id, acknowledged_at) VALUES (?,?,?,?,?,?,?)",
                       [ack.token, ack.email, ack.run_id, change_id, row[0], row[1] or row[2],
                        now])
            added += 1
    return added


def acknowledged_at(db: sqlite_utils.Database, token: str) -> str | None:
    """When this digest's changes were acknowledged (None: not yet)."""
    row = db.execute("SELECT min(acknowledged_at) FROM acknowledgements WHERE token=?",
                     [token]).fetchone()
    return row[0] if row else None


_LATEST = ("(SELECT max(v.id) FROM versions v JOIN runs r ON r.id = v.run_id"
           " WHERE v.chapter_id = a.chapter_id AND r.status NOT IN ('rejected', 'quarantined'))")


def acknowledgements_of(db: sqlite_utils.Database, change_id: int) -> list[Acknowledgement]:
    """Who acknowledged one change, and whether the chapter has moved on since."""
    rows = db.execute(
        f"SELECT a.email, a.change_id, a.version_id, a.acknowledged_at, a.run_id, {_LATEST}"
        " FROM acknowledgements a WHERE a.change_id=? ORDER BY a.id", [change_id]).fetchall()
    return [Acknowledgement(email=r[0], change_id=r[1], version_id=r[2], acknowledged_at=r[3],
                            run_id=r[4], stale=r[2] is not None and r[5] is not None
                            and r[5] > r[2])
            for r in rows]


def outstanding(db: sqlite_utils.Database, change_id: int) -> list[str]:
    """Addresses whose digest carried this change and who have not acknowledged it."""
    rows = db.execute(
        "SELECT DISTINCT t.email FROM ack_tokens t, json_each(t.change_ids) j"
        " WHERE j.value = ? AND NOT EXISTS (SELECT 1 FROM acknowledgements a"
        " WHERE a.change_id = ? AND a.email = t.email) ORDER BY t.email",
        [change_id, change_id]).fetchall()
    return [r[0] for r in rows]
