"""`manualwatch send --dry-run --out DIR` writes .eml files and sends nothing
(add together with commands_run.patch)."""

from __future__ import annotations

from pathlib import Path

from store import open_database, outbox
from tests.conftest import Manualwatch, write_config
from tests.outboxdata import queue_digests
from tests.smtpserver import smtp_server


def test_send_dry_run_writes_eml_files_and_sends_nothing(tmp_path: Path) -> None:
    with smtp_server() as box:
        mw = Manualwatch(write_config(tmp_path, "http://127.0.0.1:9/c", smtp_port=box.port))
        db = open_database(tmp_path / "manualwatch.db")
        queue_digests(db, ["a@example.org", "b@example.org"])
        result = mw("send", "--dry-run", "--out", str(tmp_path / "eml"))
    assert result.exit_code == 0 and result.stdout.startswith("2 messages written")
    assert sorted(p.name for p in (tmp_path / "eml").glob("*.eml")) == [
        "0001-a@example.org.eml", "0002-b@example.org.eml"]
    assert box.messages == [] and {i.status for i in outbox.all_items(db)} == {"queued"}
