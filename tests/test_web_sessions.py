"""Server-side sessions, attacked over HTTP: a cookie saved before sign-out and replayed with
its valid CSRF token records nothing; a cookie minted with the signing key for a session that
does not exist signs nobody in; removing a reviewer or changing their password ends their
sessions; sessions end when idle or old; the key is not in the database, and replacing it
signs everyone out."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import requests
from click.testing import CliRunner
from flask.sessions import SecureCookieSessionInterface

from manualwatch.cli import cli
from manualwatch.web import create_app
from manualwatch.web.secret_key import SecretKeyError, key_file, secret_key
from tests.webapp import serving
from tests.webattack import (
    PASSWORD,
    REVIEWER,
    MovingClock,
    attacked_store,
    csrf,
    sign_in,
    signed_in_as,
)


@pytest.fixture
def attacked(tmp_path):
    return attacked_store(tmp_path)


def signoffs(attacked) -> int:
    return attacked.db.execute("SELECT count(*) FROM signoffs").fetchone()[0]


def post_signoff(session: requests.Session, base: str, change_id: int, token: str
                 ) -> requests.Response:
    return session.post(f"{base}/changes/{change_id}/signoff",
                        data={"decision": "no_action", "note": "replayed",
                              "csrf_token": token}, allow_redirects=False, timeout=30)


def test_a_cookie_replayed_after_sign_out_records_nothing(attacked) -> None:
    with serving(attacked.config) as base, requests.Session() as browser:
        assert sign_in(browser, base).status_code == 302
        page = f"{base}/changes/{attacked.change_id}"
        token = csrf(browser, page)
        saved = browser.cookies.get_dict()
        assert signed_in_as(browser, base) == REVIEWER
        logout = browser.post(base + "/logout", data={"csrf_token": token},
                              allow_redirects=False, timeout=30)
        assert logout.status_code == 302 and signed_in_as(browser, base) is None
        before = signoffs(attacked)
        with requests.Session() as thief:
            thief.cookies.update(saved)
            assert signed_in_as(thief, base) is None
            answer = post_signoff(thief, base, attacked.change_id, token)
            assert answer.status_code == 401
        assert signoffs(attacked) == before
        assert attacked.db.execute("SELECT count(*) FROM web_sessions").fetchone()[0] == 0


def test_a_minted_cookie_signs_nobody_in(attacked) -> None:
    app = create_app(attacked.config)
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    forged = serializer.dumps({"sid": "made-up", "reviewer": REVIEWER, "csrf_token": "t"})
    with serving(attacked.config) as base, requests.Session() as thief:
        thief.cookies.set("mw_session", forged)
        assert signed_in_as(thief, base) is None
        before = signoffs(attacked)
        assert post_signoff(thief, base, attacked.change_id, "t").status_code == 401
        assert signoffs(attacked) == before


def reviewer(attacked, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["--config", str(attacked.config.path), "reviewer", *args],
                              input=stdin)


@pytest.mark.parametrize("command", [("remove", REVIEWER), ("passwd", REVIEWER.upper())],
                         ids=["remove", "passwd"])
def test_removing_or_changing_a_password_ends_the_sessions(attacked, command) -> None:
    with serving(attacked.config) as base, requests.Session() as browser:
        assert sign_in(browser, base).status_code == 302
        token = csrf(browser, f"{base}/changes/{attacked.change_id}")
        assert signed_in_as(browser, base) == REVIEWER
        extra = ["--password-stdin"] if command[0] == "passwd" else []
        result = reviewer(attacked, *command, *extra, stdin="a brand new password\n")
        assert result.exit_code == 0, result.output
        assert "1 session(s) ended" in result.output
        assert signed_in_as(browser, base) is None
        before = signoffs(attacked)
        assert post_signoff(browser, base, attacked.change_id, token).status_code == 401
        assert signoffs(attacked) == before
        if command[0] == "passwd":
            assert sign_in(browser, base).status_code == 401
            assert sign_in(browser, base, password="a brand new password").status_code == 302


@pytest.mark.parametrize(("idle", "moves", "alive"), [
    (12, [{"hours": 11}, {"hours": 11}, {"hours": 11}], True),  # used every 11 h
    (12, [{"hours": 12, "seconds": 1}], False),  # idle too long
    (12, [{"hours": 11}] * 16, False),  # used all the time, but more than 7 days old
], ids=["kept-alive", "idle", "absolute"])
def test_sessions_end_when_idle_or_old(attacked, idle, moves, alive) -> None:
    clock = MovingClock()
    with serving(attacked.config, clock=clock) as base, requests.Session() as browser:
        assert sign_in(browser, base).status_code == 302
        for move in moves:
            clock.move(**move)
            seen = signed_in_as(browser, base)
        assert (seen == REVIEWER) is alive


def test_the_key_is_beside_the_database_not_in_it(attacked) -> None:
    key = secret_key(attacked.config, attacked.config.store_path)
    path = key_file(attacked.config.store_path)
    assert path.read_text("ascii").strip() == key and len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert attacked.db.execute("SELECT count(*) FROM web_secret").fetchone()[0] == 0
    dump = "\n".join(attacked.db.conn.iterdump())
    assert key not in dump


def test_replacing_the_key_signs_everyone_out_and_nothing_else(attacked, monkeypatch) -> None:
    with requests.Session() as browser:
        with serving(attacked.config) as base:
            assert sign_in(browser, base).status_code == 302
            assert signed_in_as(browser, base) == REVIEWER
        with serving(attacked.config) as base:  # a restart keeps the key and the session
            assert signed_in_as(browser, base) == REVIEWER
        monkeypatch.setenv("MW_TEST_KEY", "k" * 40)
        config = replace(attacked.config, web_secret_key_env="MW_TEST_KEY")
        with serving(config) as base:
            assert signed_in_as(browser, base) is None
            page = requests.get(f"{base}/changes/{attacked.change_id}", timeout=30)
            assert page.status_code == 200 and "Visits happen" in page.text
            assert sign_in(browser, base).status_code == 302  # the password still works
            assert signed_in_as(browser, base) == REVIEWER


@pytest.mark.parametrize("value", [None, "short"], ids=["unset", "short"])
def test_a_configured_key_must_be_there(attacked, monkeypatch, value) -> None:
    monkeypatch.delenv("MW_TEST_KEY", raising=False)
    if value:
        monkeypatch.setenv("MW_TEST_KEY", value)
    config = replace(attacked.config, web_secret_key_env="MW_TEST_KEY")
    with pytest.raises(SecretKeyError, match="MW_TEST_KEY"):
        create_app(config)
    attacked.config.path.write_text(attacked.config.path.read_text("utf-8").replace(
        "[email]", '[web]\nsecret_key_env = "MW_TEST_KEY"\n\n[email]'), "utf-8")
    result = CliRunner().invoke(cli, ["--config", str(attacked.config.path), "serve",
                                      "--port", "0"])
    assert result.exit_code == 2 and "MW_TEST_KEY" in result.output
    assert os.environ.get("MW_TEST_KEY") == value


@pytest.mark.parametrize(("base_url", "secure"), [("https://review.example.org", True),
                                                  ("http://127.0.0.1:8000", False)],
                         ids=["https", "http"])
def test_the_cookie_is_secure_behind_https(attacked, base_url: str, secure: bool) -> None:
    client = create_app(replace(attacked.config, web_base_url=base_url)).test_client()
    cookie = client.get("/login").headers["Set-Cookie"]
    assert ("; Secure" in cookie) is secure
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_cookie_lasts_no_longer_than_the_session(attacked) -> None:
    client = create_app(replace(attacked.config, web_session_max_days=2)).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"name": REVIEWER, "password": PASSWORD,
                                         "csrf_token": token})
    assert answer.status_code == 302
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)",
                                              answer.headers["Set-Cookie"]).group(1))
    assert timedelta(days=1, hours=23) < expires - datetime.now(UTC) <= timedelta(days=2)
