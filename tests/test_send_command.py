"""`send` holds the run lock (refused with exit 1 while another run holds it) and exits 1
when a digest fails; `changes` lists what was recorded newest run first."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from manualwatch.ops.lock import RunLock
from manualwatch.samplesite import contents_path, load_truth
from store import open_database, outbox
from tests.conftest import Manualwatch, write_config
from tests.httpserver import file_reply, serve_app
from tests.outboxdata import queue_digests
from tests.smtpserver import smtp_server

HOLDER = re.compile(r"another run is in progress \(pid (\d+) since [\dT:Z-]+\)")


def test_send_is_refused_while_the_lock_is_held(tmp_path: Path) -> None:
    with smtp_server() as box:
        mw = Manualwatch(write_config(tmp_path, "http://127.0.0.1:9/c", smtp_port=box.port))
        db = open_database(tmp_path / "manualwatch.db")
        queue_digests(db, ["reader@example.org"])
        with RunLock(tmp_path / "manualwatch.db"):
            refused = mw("send")
            assert refused.exit_code == 1
            found = HOLDER.search(refused.stderr)
            assert found and int(found.group(1)) == os.getpid()
            assert [i.status for i in outbox.all_items(db)] == ["queued"]
            assert box.messages == []
        sent = mw("send")
    assert (sent.exit_code, sent.stdout.strip()) == (0, "1 sent, 0 failed, 0 uncertain")
    assert [i.status for i in outbox.all_items(db)] == ["sent"]
    assert [m["To"] for m in box.messages] == ["reader@example.org"]


def test_send_exits_1_when_a_digest_fails(tmp_path: Path) -> None:
    with smtp_server() as box:
        box.refuse["gone@example.org"] = "550 5.1.1 no such user"
        mw = Manualwatch(write_config(tmp_path, "http://127.0.0.1:9/c", smtp_port=box.port))
        db = open_database(tmp_path / "manualwatch.db")
        queue_digests(db, ["gone@example.org", "reader@example.org"])
        result = mw("send")
        assert (result.exit_code, result.stdout.strip()) == (1, "1 sent, 1 failed, 0 uncertain")
        assert [(i.recipient, i.status) for i in outbox.all_items(db)] == [
            ("gone@example.org", "failed"), ("reader@example.org", "sent")]
        again = mw("send")  # nothing left to send, nothing newly failed
        assert (again.exit_code, again.stdout.strip()) == (0, "0 sent, 0 failed, 0 uncertain")
    assert [m["To"] for m in box.messages] == ["reader@example.org"]


def test_changes_are_listed_newest_run_first(built_editions, tmp_path: Path) -> None:
    site = {"root": built_editions[1]}
    with serve_app(lambda r: file_reply(site["root"], r)) as (base, _log):
        mw = Manualwatch(write_config(tmp_path, base + contents_path("current")))
        runs = []
        for edition in (1, 2, 3):
            site["root"] = built_editions[edition]
            runs.append(mw.run_json("--no-email")["runs"][0]["run_id"])
    found = json.loads(mw("changes", "--json").stdout)["changes"]
    expected = [runs[2]] * len(load_truth(3)["changes"]) + [runs[1]] * len(
        load_truth(2)["changes"])
    assert [c["run_id"] for c in found] == expected
    text = mw("changes").stdout.splitlines()
    first_of_run_3 = found[0]["title"]
    assert text[0].endswith(first_of_run_3)
