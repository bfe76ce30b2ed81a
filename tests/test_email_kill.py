"""kill -9 between the server's acceptance and our commit never sends a digest twice.

A real `manualwatch send` subprocess delivers to a real SMTP server that holds the first
message at DATA; the test kills the process with SIGKILL while the server has the message
and the outbox row still says `sending`. The next `send` must not resend it (it becomes
`uncertain`), must deliver the row never tried, and `--retry-uncertain` resends on request.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from store import open_database, outbox
from tests.conftest import Manualwatch, write_config
from tests.outboxdata import queue_digests
from tests.smtpserver import Hold, smtp_server

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ["first@example.org", "second@example.org"]


def queue(db_path: Path) -> None:
    db = open_database(db_path)
    queue_digests(db, PEOPLE)
    db.conn.close()


def statuses(db_path: Path) -> dict[str, str]:
    db = open_database(db_path)
    try:
        return {i.recipient: i.status for i in outbox.all_items(db)}
    finally:
        db.conn.close()


def test_kill_9_during_sending_never_duplicates(tmp_path: Path) -> None:
    with smtp_server() as box:
        config = write_config(tmp_path, "http://127.0.0.1:9/contents", smtp_port=box.port)
        queue(tmp_path / "manualwatch.db")
        box.hold = Hold()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen([sys.executable, "-m", "manualwatch", "--config", str(config),
                                  "send"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            assert box.hold.arrived.wait(60), "the subprocess never delivered"
            os.kill(child.pid, signal.SIGKILL)  # the server has it; the commit never comes
            assert child.wait(30) == -signal.SIGKILL
        finally:
            box.hold.release.set()
            if child.poll() is None:
                child.kill()
        assert [m["To"] for m in box.messages] == ["first@example.org"]
        assert statuses(tmp_path / "manualwatch.db") == {"first@example.org": "sending",
                                                         "second@example.org": "queued"}
        box.hold = None

        mw = Manualwatch(config)
        after = mw("send")
        assert after.stdout.startswith("1 sent, 0 failed, 1 uncertain"), after.output
        assert sorted(m["To"] for m in box.messages) == PEOPLE, "each exactly once"
        assert statuses(tmp_path / "manualwatch.db")["first@example.org"] == "uncertain"
        assert mw("send").stdout.startswith("0 sent"), "a rerun sends nothing"

        asked = mw("send", "--retry-uncertain")
        assert asked.stdout.startswith("1 sent, 0 failed, 0 uncertain"), asked.output
    assert [m["To"] for m in box.messages].count("first@example.org") == 2
