"""The `[email] admin` address gets one short alert when a run fails or is quarantined."""

from __future__ import annotations

import json
from pathlib import Path

from manualwatch.config import load_config
from manualwatch.publish.mailing import queue_digests, send_pending
from notifier.transport import SmtpTransport
from store import open_database
from store.runs import finish_run, start_run
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import free_port, smtp_server

ADMIN = "admin@example.org"


def config_with_admin(folder: Path, contents_url: str, port: int) -> Path:
    path = write_config(folder, contents_url, smtp_port=port)
    text = path.read_text("utf-8").replace('from = "manualwatch@example.org"',
                                           f'from = "manualwatch@example.org"\nadmin = "{ADMIN}"')
    path.write_text(text, "utf-8")
    return path


def test_a_failed_run_alerts_the_admin_once(tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/contents/contents"  # nobody listens
    with smtp_server() as box:
        mw = Manualwatch(config_with_admin(tmp_path, nowhere, box.port))
        first = json.loads(mw("run", "--json").stdout)
        assert first["runs"][0]["status"] == "failed"
        assert mw("send").stdout.startswith("0 sent")  # nothing left: no second alert
        mw("run", "--json")
    alerts = box.to(ADMIN)
    assert [m["Subject"] for m in alerts] == ["[manualwatch] sample: run 1 failed",
                                              "[manualwatch] sample: run 2 failed"]
    body = alerts[0].get_body(("plain",)).get_content()
    assert nowhere in body and "Nothing was published" in body
    assert len(box.messages) == 2, "only the admin is told"


def test_a_quarantined_run_alerts_the_admin_with_what_to_do(tmp_path: Path) -> None:
    with smtp_server() as box:
        config = load_config(config_with_admin(tmp_path, "http://127.0.0.1:9/c", box.port))
        db = open_database(config.store_path)
        run_id = start_run(db, "sample", "2026-11-22T02:00:00Z")
        finish_run(db, run_id, status="quarantined", finished_at="2026-11-22T02:03:00Z",
                   baseline=False, chapters=100, fetched=100, not_modified=0, errors=[],
                   skipped=[])
        queue_digests(db, config, config.manuals[0])
        queue_digests(db, config, config.manuals[0])  # queued once, however often asked
        report = send_pending(db, SmtpTransport("127.0.0.1", box.port, timeout=5))
    assert report.sent == 1
    (alert,) = box.to(ADMIN)
    assert alert["Subject"] == f"[manualwatch] sample: run {run_id} quarantined"
    body = alert.get_body(("plain",)).get_content()
    assert f"manualwatch approve {run_id}" in body and f"manualwatch reject {run_id}" in body


def test_no_admin_no_alert(tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/contents/contents"
    with smtp_server() as box:
        mw = Manualwatch(write_config(tmp_path, nowhere, smtp_port=box.port))
        mw("run", "--json")
    assert box.messages == []
