"""The personal "I have read these changes" link a digest carries (one per run and
subscriber), pointing at the review application's /ack/<token> page."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from store.acknowledgements import issue_token


def acknowledgement_url(db: sqlite_utils.Database, base_url: str, *, run_id: int,
                        subscriber_id: int, email: str, change_ids: Iterable[int],
                        now: str) -> str:
    """The link for this subscriber's digest of this run (the same link if asked again)."""
    token = issue_token(db, run_id=run_id, subscriber_id=subscriber_id, email=email,
                        change_ids=change_ids, now=now)
    return f"{base_url.rstrip('/')}/ack/{token}"
