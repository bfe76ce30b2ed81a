"""Transports deliver messages for real: SMTP to a local aiosmtpd server, or .eml files."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from notifier.digest import build_digest, to_message
from notifier.errors import SendError
from notifier.transport import EmlDirectoryTransport, SmtpTransport
from store.models import Change, Run
from tests.tlscert import make_certificate

SENDER = "manualwatch@example.org"
REFUSED = "nobody@example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping what it receives and refusing one address."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == REFUSED:
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def alice_only(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"alice", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server(request):
    """A real SMTP server on 127.0.0.1; indirect params are extra Controller arguments."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **getattr(request, "param", {}))
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and a client context trusting only it."""
    cert, key = make_certificate(tmp_path_factory.mktemp("tls"))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return server, ssl.create_default_context(cafile=str(cert))


def message(to: str = "reader@example.org") -> EmailMessage:
    run = Run(id=3, manual="norfolk-cs", status="ok", baseline=False,
              started_at="2026-11-25T02:00:00Z", finished_at=None)
    change = Change(kind="updated", chapter_id=1, number="1.1.3", title="Capacity & Consent",
                    url="https://norfolkcs.trixonline.co.uk/chapter/capacity-and-consent",
                    words_added=42, words_removed=7, sections=("3. Key Principles – “Best”",),
                    seen_at="2026-11-25T02:01:00Z", id=5)
    digest = build_digest(to, "norfolk-cs", "Norfolk Children’s Services Procedure Manual",
                          run, [change], "http://127.0.0.1:8000", "http://127.0.0.1:8000/u/x")
    return to_message(digest, SENDER)


def received(inbox: Inbox) -> EmailMessage:
    (envelope,) = inbox.envelopes
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def assert_intact(got: EmailMessage, sent: EmailMessage) -> None:
    for header in ("Subject", "From", "To", "Message-ID", "List-Unsubscribe"):
        assert got[header] == sent[header]
    for kind in ("plain", "html"):  # SMTP carries lines ending CRLF; the text is the same
        body = got.get_body((kind,)).get_content().replace("\r\n", "\n")
        assert body == sent.get_body((kind,)).get_content()


def test_smtp_delivers_the_message_intact(smtp_server) -> None:
    inbox, port = smtp_server
    sent = message()
    SmtpTransport("127.0.0.1", port, "none", None, None, timeout=5).send(sent)
    assert inbox.envelopes[0].mail_from == SENDER
    assert inbox.envelopes[0].rcpt_tos == ["reader@example.org"]
    assert_intact(received(inbox), sent)


def test_a_refused_recipient_raises_send_error_with_the_reply(smtp_server) -> None:
    inbox, port = smtp_server
    with pytest.raises(SendError) as caught:
        SmtpTransport("127.0.0.1", port, "none", None, None, timeout=5).send(message(REFUSED))
    assert caught.value.recipient == REFUSED
    assert "550" in caught.value.reason and "no such mailbox here" in caught.value.reason
    assert inbox.envelopes == []


@pytest.mark.parametrize("smtp_server", [
    {"authenticator": alice_only, "auth_require_tls": False}], indirect=True)
@pytest.mark.parametrize(("password", "delivered"), [
    pytest.param("s3cret", True, id="right-password"),
    pytest.param("wrong", False, id="wrong-password"),
])
def test_login_with_username_and_password(smtp_server, password, delivered) -> None:
    inbox, port = smtp_server
    transport = SmtpTransport("127.0.0.1", port, "none", "alice", password, timeout=5)
    if delivered:
        transport.send(message())
        assert len(inbox.envelopes) == 1
    else:
        with pytest.raises(SendError) as caught:
            transport.send(message())
        assert caught.value.reason.startswith("535") and password not in str(caught.value)
        assert inbox.envelopes == []


def test_starttls_upgrades_the_connection(certificate) -> None:
    server_ctx, client_ctx = certificate
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_ctx,
                            require_starttls=True)
    controller.start()
    try:
        sent = message()
        SmtpTransport("127.0.0.1", port, "starttls", None, None, timeout=5,
                      ssl_context=client_ctx).send(sent)
    finally:
        controller.stop()
    assert_intact(received(inbox), sent)


def test_implicit_tls(certificate) -> None:
    server_ctx, client_ctx = certificate
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=server_ctx)
    controller.start()
    try:
        sent = message()
        SmtpTransport("127.0.0.1", port, "ssl", None, None, timeout=5,
                      ssl_context=client_ctx).send(sent)
    finally:
        controller.stop()
    assert_intact(received(inbox), sent)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_against_a_plain_server_is_a_send_error(smtp_server, security) -> None:
    inbox, port = smtp_server
    with pytest.raises(SendError) as caught:
        SmtpTransport("127.0.0.1", port, security, None, None, timeout=5).send(message())
    assert caught.value.recipient == "reader@example.org" and caught.value.reason
    assert inbox.envelopes == []


def test_nobody_listening_is_a_send_error() -> None:
    with pytest.raises(SendError, match="reader@example.org"):
        SmtpTransport("127.0.0.1", free_port(), "none", None, None, timeout=5).send(message())


def test_unknown_security_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="starttls"):
        SmtpTransport("127.0.0.1", 25, "tls", None, None)


def test_eml_directory_writes_numbered_parseable_files(tmp_path) -> None:
    outbox = tmp_path / "outbox"
    sent = [message("reader@example.org"), message("odd/../name <x>@example.org")]
    for msg in sent:
        EmlDirectoryTransport(outbox).send(msg)  # a new instance never overwrites
    names = sorted(p.name for p in outbox.iterdir())
    assert names[0] == "0001-reader@example.org.eml"
    assert names[1].startswith("0002-") and "/" not in names[1] and ".." not in names[1]
    assert [p.name for p in EmlDirectoryTransport(outbox).written()] == names
    for path, msg in zip(sorted(outbox.iterdir()), sent, strict=True):
        assert_intact(email.message_from_bytes(path.read_bytes(), policy=email.policy.default),
                      msg)


def test_eml_directory_that_cannot_be_written_is_a_send_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(SendError, match="reader@example.org"):
        EmlDirectoryTransport(blocker).send(message())
