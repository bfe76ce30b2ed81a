"""Staff acknowledgement: one unguessable token per digest (run, subscriber), an attestation
per change with the version read, stale once the chapter has a newer version, and who is
outstanding."""

from __future__ import annotations

from pathlib import Path

from manualwatch.publish.ack_links import acknowledgement_url
from store.acknowledgements import (
    acknowledge,
    acknowledgements_of,
    find_token,
    issue_token,
    outstanding,
)
from tests.webstore import chapter_store, next_run


def test_one_token_per_digest_and_unguessable(tmp_path: Path) -> None:
    db, (change,) = chapter_store(tmp_path / "db", ["a b c", "a b d"])
    one = issue_token(db, run_id=change.run_id, subscriber_id=1, email="a@example.org",
                      change_ids=[change.id], now="2026-02-01")
    assert issue_token(db, run_id=change.run_id, subscriber_id=1, email="a@example.org",
                       change_ids=[change.id], now="2026-02-02") == one
    other = issue_token(db, run_id=change.run_id, subscriber_id=2, email="b@example.org",
                        change_ids=[change.id], now="2026-02-01")
    assert other != one and len(one) >= 32
    assert find_token(db, one[:-1] + ("A" if one[-1] != "A" else "B")) is None
    url = acknowledgement_url(db, "http://127.0.0.1:8000/", run_id=change.run_id,
                              subscriber_id=1, email="a@example.org", change_ids=[change.id],
                              now="2026-02-03")
    assert url == f"http://127.0.0.1:8000/ack/{one}"


def test_acknowledgements_record_the_version_and_go_stale(tmp_path: Path) -> None:
    db, (change,) = chapter_store(tmp_path / "db", ["a b c", "a b d"])
    tokens = {who: find_token(db, issue_token(db, run_id=change.run_id, subscriber_id=i,
                                               email=who, change_ids=[change.id], now="t"))
              for i, who in enumerate(["a@example.org", "b@example.org"], 1)}
    assert outstanding(db, change.id) == ["a@example.org", "b@example.org"]
    assert acknowledge(db, tokens["a@example.org"], "2026-02-05T10:00:00Z") == 1
    assert acknowledge(db, tokens["a@example.org"], "2026-02-06T10:00:00Z") == 0
    [ack] = acknowledgements_of(db, change.id)
    assert (ack.email, ack.version_id, ack.stale) == ("a@example.org", change.to_version_id,
                                                      False)
    assert outstanding(db, change.id) == ["b@example.org"]
    next_run(db, "a b e")
    assert acknowledgements_of(db, change.id)[0].stale is True
