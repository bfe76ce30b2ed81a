"""`status [--json]` per manual: last runs with status and counts, next scheduled time,
email still to deliver, changes awaiting review; and the database size."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from manualwatch.samplesite import SampleSite, load_truth
from store import open_database
from store.reviews import sign_off
from tests.conftest import Manualwatch, write_config


def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_status_reports_runs_email_review_and_size(tmp_path: Path) -> None:
    with SampleSite("current", edition=1).start() as site:
        config = write_config(tmp_path, site.contents_url, smtp_port=refused_port())
        mw = Manualwatch(config)
        assert mw("run", "--json").exit_code == 0
        assert mw("subscribe", "lead@example.org", "--all").exit_code == 0
        site.set_edition(2)
        assert mw("run", "--json").exit_code == 0  # the digest fails to send: SMTP refused
        after_email = json.loads(mw("status", "--json").stdout)
        with config.open("a", encoding="utf-8") as handle:
            handle.write("\n[guard]\nmax_changed_share = 0.01\n")
        site.set_edition(3)
        held = mw("run", "--json")
        data = json.loads(mw("status", "--json").stdout)
        text = mw("status").stdout

    [manual] = after_email["manuals"]
    assert [r["status"] for r in manual["runs"]] == ["ok", "ok"]
    assert manual["runs"][0]["changes"] == len(load_truth(2)["changes"])
    assert manual["runs"][0]["fetched"] > 0 and "errors" in manual["runs"][0]
    [(state, count)] = manual["pending_email"].items()  # not delivered: SMTP refused
    assert (state, count) == ("queued", 1)
    assert manual["awaiting_review"]["changes"] == len(load_truth(2)["changes"])  # none signed
    assert manual["awaiting_review"]["runs"] == 0

    assert held.exit_code == 1
    held_run = json.loads(held.stdout)["runs"][0]
    assert held_run["status"] == "quarantined"
    [manual] = data["manuals"]
    assert manual["last_status"] == "quarantined"
    assert manual["awaiting_review"]["runs"] == 1
    assert manual["awaiting_review"]["quarantined_changes"] == len(held_run["changes"]) > 0
    assert manual["awaiting_review"]["changes"] == \
        len(load_truth(2)["changes"]) + len(held_run["changes"])
    assert "signed off" in manual["awaiting_review"]["basis"]
    assert manual["next_run"] == data["next_run"]
    assert data["next_run"][10:] in ("T02:00:00Z", "T01:00:00Z")  # 02:00 London, GMT or BST
    db_file = tmp_path / "manualwatch.db"
    wal = tmp_path / "manualwatch.db-wal"
    expected = db_file.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    assert data["database"] == {"path": str(db_file), "bytes": expected}
    assert data["running"] is None
    assert (f"awaiting review: {manual['awaiting_review']['changes']} changes not yet signed off;"
            f" 1 quarantined runs ({len(held_run['changes'])} changes)") in text
    assert f"email: 1 {state}" in text
    assert "next scheduled run:" in text and "database:" in text and "MB" in text


def test_a_sign_off_takes_a_change_out_of_awaiting_review(tmp_path: Path) -> None:
    with SampleSite("current", edition=1).start() as site:
        mw = Manualwatch(write_config(tmp_path, site.contents_url))
        mw.run_json("--no-email")
        site.set_edition(2)
        mw.run_json("--no-email")
    before = json.loads(mw("status", "--json").stdout)["manuals"][0]["awaiting_review"]
    db = open_database(tmp_path / "manualwatch.db")
    first = db.execute("SELECT min(id) FROM changes").fetchone()[0]
    sign_off(db, first, reviewer="lead", decision="no_action", note="read",
             now="2026-11-25T10:00:00Z")
    after = json.loads(mw("status", "--json").stdout)["manuals"][0]["awaiting_review"]
    assert after["changes"] == before["changes"] - 1 == len(load_truth(2)["changes"]) - 1
