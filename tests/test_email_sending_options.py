"""SMTP login with the password from the environment, `send --dry-run` style previews as
.eml files, and unsubscribe tokens that are random and unguessable."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from manualwatch.publish.delivery import preview_pending
from store import open_database, outbox
from store.models import Follow
from store.subscribers import list_subscribers, subscribe, unsubscribe_token
from tests.conftest import Manualwatch, write_config
from tests.outboxdata import queue_digests
from tests.smtpserver import smtp_server


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
        queue_digests(db, ["reader@example.org"])
        Manualwatch(config)("send")
    assert len(box.messages) == delivered
    (row,) = outbox.all_items(db)
    if delivered:
        assert row.status == "sent"
    else:  # refused login: nothing was sent, the row waits for a fixed password
        assert row.status == "queued" and row.error.startswith("535") and "wrong" not in row.error


def test_preview_writes_eml_files_and_leaves_the_outbox_alone(tmp_path: Path) -> None:
    db = open_database(tmp_path / "mw.db")
    queue_digests(db, ["a@example.org", "b@example.org"])
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
