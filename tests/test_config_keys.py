"""Every crawl and email key of the config is seen in behaviour, through the config file:
the User-Agent the server receives, a body over `max_bytes` refused, `concurrency` pages in
flight at the server, an `extra_hosts` page fetched, and STARTTLS / implicit TLS (with login)
against a TLS SMTP server whose certificate openssl made."""

from __future__ import annotations

import json
import re
import ssl
import threading
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from manualwatch.config import load_config
from manualwatch.cycle.nightly import smtp_transport
from manualwatch.samplesite import contents_path
from tests.conftest import Manualwatch
from tests.httpserver import RecordedRequest, Reply, file_reply, serve_app
from tests.smtpserver import free_port
from tests.tlscert import make_certificate

LAYOUT = "current"
CONFIG = """\
[store]
path = "manualwatch.db"

[crawl]
delay_seconds = 0
timeout_seconds = 30
retries = 0
{crawl}

[email]
enabled = false

[[manuals]]
name = "sample"
title = "Sample"
contents_url = "{contents_url}"
"""


def configured(folder: Path, contents_url: str, crawl: str) -> Manualwatch:
    path = folder / "config.toml"
    path.write_text(CONFIG.format(crawl=crawl, contents_url=contents_url), "utf-8")
    return Manualwatch(path)


def run_json(mw: Manualwatch) -> dict:
    return json.loads(mw("run", "--json").stdout)["runs"][0]


def test_the_user_agent_is_what_the_server_receives(built_editions, tmp_path: Path) -> None:
    agent = "probe-agent/2.5 (+mailto:watch@example.org)"
    with serve_app(lambda r: file_reply(built_editions[1], r)) as (base, log):
        mw = configured(tmp_path, base + contents_path(LAYOUT), f'user_agent = "{agent}"')
        assert run_json(mw)["status"] == "ok"
    agents = {r.header("User-Agent") for r in log.all()}
    assert agents == {agent} and len(log) > 100


def test_a_body_over_max_bytes_is_refused(built_editions, tmp_path: Path) -> None:
    root = built_editions[1]
    limit = len((root / contents_path(LAYOUT).lstrip("/")).read_bytes()) + 1
    with serve_app(lambda r: file_reply(root, r)) as (base, _log):
        mw = configured(tmp_path, base + contents_path(LAYOUT), f"max_bytes = {limit}")
        run = run_json(mw)
    too_big = {base + "/" + str(p.relative_to(root)) for p in (root / "chapter").rglob("*")
               if p.is_file() and p.stat().st_size > limit}
    assert too_big and run["status"] == "partial"
    assert {e["url"] for e in run["errors"]} == too_big
    assert {e["error"] for e in run["errors"]} == {f"body larger than {limit} bytes"}


class Gate:
    """Holds the first `width` chapter requests until all of them are in the server at once
    (a barrier), and counts the most requests ever in flight."""

    def __init__(self, root: Path, width: int) -> None:
        self.root, self.barrier = root, threading.Barrier(width, timeout=15)
        self.lock, self.held, self.in_flight, self.most = threading.Lock(), 0, 0, 0

    def __call__(self, request: RecordedRequest) -> Reply:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            wait = request.path.startswith("/chapter/") and self.held < self.barrier.parties
            self.held += wait
        try:
            if wait:
                self.barrier.wait()  # broken (an error) unless `width` requests are in flight
            return file_reply(self.root, request)
        except threading.BrokenBarrierError:
            return Reply(503, b"fewer requests in flight than configured")
        finally:
            with self.lock:
                self.in_flight -= 1


def test_concurrency_is_the_number_of_pages_in_flight(built_editions, tmp_path: Path) -> None:
    gate = Gate(built_editions[1], 3)
    with serve_app(gate) as (base, _log):
        mw = configured(tmp_path, base + contents_path(LAYOUT), "concurrency = 3")
        run = run_json(mw)
    assert (run["status"], run["errors"]) == ("ok", [])
    assert gate.most == 3


def offsite(root: Path, request: RecordedRequest) -> Reply:
    """The contents page links its first chapter through the host name `localhost`, and its
    second chapter, asked for at 127.0.0.1, redirects to `localhost`."""
    port = request.header("Host").rsplit(":", 1)[1]
    html = (root / contents_path(LAYOUT).lstrip("/")).read_text("utf-8")
    first, second = re.findall(r'href="(/chapter/[^"]+)"', html)[:2]
    path = urlsplit(request.path).path
    if path == contents_path(LAYOUT):
        html = html.replace(f'href="{first}"', f'href="http://localhost:{port}{first}"')
        return Reply(200, html.encode("utf-8"), {"Content-Type": "text/html"})
    if path == second and request.header("Host").startswith("127.0.0.1"):
        return Reply(302, b"", {"Location": f"http://localhost:{port}{second}"})
    return file_reply(root, request)


@pytest.mark.parametrize("extra", [True, False], ids=["listed-host", "not-listed"])
def test_an_extra_hosts_page_is_fetched(built_editions, tmp_path: Path, extra: bool) -> None:
    app = lambda r: offsite(built_editions[1], r)  # noqa: E731
    with serve_app(app) as (base, log):
        port = urlsplit(base).port
        crawl = 'extra_hosts = ["localhost"]' if extra else ""
        run = run_json(configured(tmp_path, base + contents_path(LAYOUT), crawl))
    other = [r.path for r in log.all() if r.header("Host") == f"localhost:{port}"
             and r.path.startswith("/chapter/")]
    skipped = [s["url"] for s in run["skipped"] if s["url"].startswith("http://localhost")]
    if extra:  # the linked page and the redirect's target are both fetched
        assert (run["status"], len(other), skipped, run["errors"]) == ("ok", 2, [], [])
    else:
        assert (run["status"], other, len(skipped)) == ("partial", [], 1)
        assert [e["error"].startswith("redirected off-site to http://localhost")
                for e in run["errors"]] == [True]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[bool, bytes]] = []  # (signed in, content)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append((session.authenticated, envelope.content))
        return "250 OK"


def alice(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"alice", b"s3cret")
    return AuthResult(success=ok)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, ssl.SSLContext]:
    cert, key = make_certificate(tmp_path_factory.mktemp("tls"))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    return cert, server


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_smtp_security_from_the_config(certificate, tmp_path: Path, monkeypatch,
                                       security: str) -> None:
    cert, server_context = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the default context trusts the test CA
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    inbox, port = Inbox(), free_port()
    # STARTTLS: the server refuses mail and login before the upgrade; implicit TLS: a plain
    # client cannot even read its greeting
    tls = ({"tls_context": server_context, "require_starttls": True, "auth_require_tls": True}
           if security == "starttls" else {"ssl_context": server_context,
                                           "auth_require_tls": False})
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=alice, **tls)
    path = tmp_path / "config.toml"
    path.write_text(
        '[crawl]\ntimeout_seconds = 5\n'
        f'[email]\nenabled = true\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        f'security = "{security}"\nusername = "alice"\npassword_env = "TEST_SMTP_PASSWORD"\n'
        'from = "watch@example.org"\n'
        '[[manuals]]\nname = "m"\ntitle = "M"\ncontents_url = "https://example.org/c"\n',
        "utf-8")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "watch@example.org", "lead@example.org", "over TLS")
    message.set_content("Sent through the configured transport.")
    controller.start()
    try:
        smtp_transport(load_config(path)).send(message)
    finally:
        controller.stop()
    assert [(over_tls, b"over TLS" in content) for over_tls, content in inbox.messages] == [
        (True, True)]
