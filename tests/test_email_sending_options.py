"""SMTP login with the password from the environment, `send --dry-run` style previews as
.eml files, and unsubscribe tokens that are random and unguessable."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from manualwatch.delivery import preview_pending
from notifier.digest import build_digest, to_message
from store import open_database, outbox
from store.models import Change, Follow, Run
from store.subscribers import list_subscribers, subscribe, unsubscribe_token
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server

RUN = Run(id=1, manual="sample", status="ok", baseline=False,
          started_at="2026-11-22T02:00:00Z", finished_at=None)
CHANGE = Change(kind="new", chapter_id=1, number="1.1", title="A chapter",
                url="https://example.org/a", id=1, run_id=1, seen_at="2026-11-22T02:00:00Z")


def queue(db, people: list[str]) -> None:
    db.execute("INSERT INTO runs (id, manual, status, started_at, email) VALUES "
               "(1, 'sample', 'ok', '2026-11-22T02:00:00Z', 'queued')")
    db.conn.commit()
    for number, person in enumerate(people, 1):
        digest = build_digest(person, "sample", "Sample Manual", RUN, [CHANGE],
                              "https://mw.example.org", None)
        outbox.queue_message(db, run_id=1, subscriber_id=number, recipient=person,
                             subject=digest.subject,
                             message=to_message(digest, "mw@example.org").as_string(),
                             now="2026-11-22T02:00:00Z")


def alice(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"alice", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize(("password", "delivered"), [("s3cret", 1), ("wrong", 0)],
                         ids=["right", "wrong"])
def test_login_uses_the_password_from_the_named_environment_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password: str, delivered: int) -> None:
    monkeypatch.setenv("MW_TEST_SMTP_PASSWORD", password)
    with smtp_server(authenticator=alice, auth_require_tls=False) as box:
        config = write_config(tmp_path, "http://127.0.0.1:9/c", smtp_port=box.port)
        text = config.read_text("utf-8").replace(
            'from = "manualwatch@example.org"',
            'from = "manualwatch@example.org"\nusername = "alice"\n'
            'password_env = "MW_TEST_SMTP_PASSWORD"')
        config.write_text(text, "utf-8")
        db = open_database(tmp_path / "manualwatch.db")
        queue(db, ["reader@example.org"])
        Manualwatch(config)("send")
    assert len(box.messages) == delivered
    (row,) = outbox.all_items(db)
    if delivered:
        assert row.status == "sent"
    else:  # refused login: nothing was sent, the row waits for a fixed password
        assert row.status == "queued" and row.error.startswith("535") and "wrong" not in row.error


def test_preview_writes_eml_files_and_leaves_the_outbox_alone(tmp_path: Path) -> None:
    db = open_database(tmp_path / "mw.db")
    queue(db, ["a@example.org", "b@example.org"])
    files = preview_pending(db, tmp_path / "preview")
    assert [f.name for f in files] == ["0001-a@example.org.eml", "0002-b@example.org.eml"]
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "a@example.org"
    assert "A chapter" in parsed.get_body(("plain",)).get_content()
    assert {i.status for i in outbox.all_items(db)} == {"queued"}


def test_unsubscribe_tokens_are_random_long_and_unrelated_to_the_address(tmp_path: Path) -> None:
    tokens = []
    for n in range(2):
        db = open_database(tmp_path / f"db{n}.db")
        subscribe(db, "same@example.org", "sample", [Follow("all")], "2026-11-22T02:00:00Z")
        subscribe(db, "other@example.org", "sample", [Follow("all")], "2026-11-22T02:00:00Z")
        tokens += [s.token for s in list_subscribers(db)]
    assert len(set(tokens)) == 4, "the same address gets a different token in another store"
    assert all(len(t) >= 32 and "same" not in t for t in tokens)
    assert unsubscribe_token(db, tokens[-1]) in ("same@example.org", "other@example.org")
    assert unsubscribe_token(db, "guess") is None
