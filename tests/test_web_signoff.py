"""Sign-off: append-only decisions with the version ids they cover; a change whose chapter
changed again after sign-off needs review again; the audit trail as CSV from the CLI;
reviewers added with an Argon2 hash."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from manualwatch.cli import cli
from store import open_database
from store.reviews import audit_trail, review_state, sign_off, signoffs_of
from tests.conftest import Manualwatch, write_config
from tests.webstore import chapter_store, next_run

TEXTS = ["Visits happen monthly.", "Visits happen weekly.", "Visits happen daily."]


def test_decisions_are_append_only_rows_covering_the_versions(tmp_path: Path) -> None:
    db, (change, _) = chapter_store(tmp_path / "db", TEXTS)
    first = sign_off(db, change.id, reviewer="ada", decision="no_action", note=" read ",
                     now="2026-02-02T09:00:00Z")
    assert (first.from_version_id, first.to_version_id) == (change.from_version_id,
                                                            change.to_version_id)
    assert first.note == "read"
    sign_off(db, change.id, reviewer="bob", decision="action_needed", note="",
             now="2026-02-03T09:00:00Z")
    assert [s.reviewer for s in signoffs_of(db, change.id)] == ["ada", "bob"]
    for statement in ("UPDATE signoffs SET decision='no_action'", "DELETE FROM signoffs"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
    assert len(signoffs_of(db, change.id)) == 2


def test_a_change_updated_again_after_sign_off_needs_review_again(tmp_path: Path) -> None:
    db, (change,) = chapter_store(tmp_path / "db", TEXTS[:2])
    assert review_state(db, change.id) == "awaiting"
    sign_off(db, change.id, reviewer="ada", decision="no_action", note="", now="2026-02-02")
    assert review_state(db, change.id) == "no_action"
    later = next_run(db, TEXTS[2])
    assert review_state(db, change.id) == "again"
    assert review_state(db, later.id) == "awaiting"
    sign_off(db, later.id, reviewer="ada", decision="action_needed", note="", now="2026-03-02")
    assert (review_state(db, change.id), review_state(db, later.id)) == \
        ("no_action", "action_needed")


def test_reviews_cli_exports_the_trail_for_a_period(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9/contents")
    db, (one, two) = chapter_store(tmp_path / "manualwatch.db", TEXTS)
    sign_off(db, one.id, reviewer="ada", decision="no_action", note="=HYPERLINK(x)",
             now="2026-02-02T09:00:00Z")
    sign_off(db, two.id, reviewer="bob", decision="action_needed", note="retrain staff",
             now="2026-03-05T09:00:00Z")
    result = Manualwatch(config)("reviews", "--since", "2026-03-01", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["reviewer"], r["decision"], r["change_id"], r["note"]) for r in rows] == \
        [("bob", "action_needed", str(two.id), "retrain staff")]
    everything = list(csv.DictReader(io.StringIO(
        Manualwatch(config)("reviews", "--csv").output)))
    assert everything[0]["note"] == "'=HYPERLINK(x)"  # never run as a spreadsheet formula
    assert len(audit_trail(db)) == 2
    plain = Manualwatch(config)("reviews")
    assert "bob  action_needed" in plain.output
    assert Manualwatch(config)("reviews", "--since", "junk").exit_code == 2


def test_reviewer_add_stores_an_argon2_hash(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9/contents")
    mw = Manualwatch(config)

    def add(name: str, password: str):
        return CliRunner().invoke(cli, ["--config", str(config), "reviewer", "add", name,
                                        "--password-stdin"], input=password + "\n")
    assert add("Ada", "a good password").exit_code == 0
    stored = mw("reviews")  # opens the database
    assert stored.exit_code == 0
    row = open_database(tmp_path / "manualwatch.db").execute(
        "SELECT password_hash FROM reviewers WHERE name='Ada'").fetchone()
    assert row[0].startswith("$argon2id$") and "a good password" not in row[0]
    assert add("Ada", "another password").exit_code == 2
    assert add("Bob", "short").exit_code == 2
