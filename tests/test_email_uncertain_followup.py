"""Uncertain email is followed up: after a kill -9 between the server's acceptance and our
commit, the next `send` tells the admin at once, and `status` says for the uncertain row what
happened and the exact command that resends it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from store import open_database
from tests.conftest import Manualwatch, write_config
from tests.outboxdata import queue_digests
from tests.smtpserver import Hold, smtp_server

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "admin@example.org"
PEOPLE = ["first@example.org", "second@example.org"]


def test_an_uncertain_digest_is_alerted_and_explained(tmp_path: Path) -> None:
    with smtp_server() as box:
        config = write_config(tmp_path, "http://127.0.0.1:9/contents", smtp_port=box.port)
        config.write_text(config.read_text("utf-8").replace(
            'from = "manualwatch@example.org"',
            f'from = "manualwatch@example.org"\nadmin = "{ADMIN}"'), "utf-8")
        db = open_database(tmp_path / "manualwatch.db")
        queue_digests(db, PEOPLE)
        db.conn.close()
        box.hold = Hold()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen([sys.executable, "-m", "manualwatch", "--config", str(config),
                                  "send"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            assert box.hold.arrived.wait(60), "the subprocess never delivered"
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(30) == -signal.SIGKILL
        finally:
            box.hold.release.set()
            if child.poll() is None:
                child.kill()
        box.hold = None
        mw = Manualwatch(config)
        assert mw("send").stdout.startswith("1 sent, 0 failed, 1 uncertain")
        alerts = [m for m in box.messages if str(m["To"]) == ADMIN]
        status = json.loads(mw("status", "--json").stdout)
        text = mw("status").stdout

    assert [str(m["Subject"]) for m in alerts] == ["[manualwatch] sample: run 1 digests uncertain"]
    body = alerts[0].get_content()
    assert "first@example.org" in body and "manualwatch send --retry-uncertain" in body
    [problem] = status["manuals"][0]["email_problems"]
    assert (problem["recipient"], problem["status"]) == ("first@example.org", "uncertain")
    assert "`manualwatch send --retry-uncertain`" in problem["what_to_do"]
    assert "    uncertain: run 1 to first@example.org: the process stopped while sending it" in text
    assert "what to do: it may or may not have arrived; ask the recipient, or resend with " \
           "`manualwatch send --retry-uncertain`" in text
