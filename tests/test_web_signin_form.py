"""The sign-in form and its answers, over HTTP: a failed sign-in shows the form again keeping
a safe `next` (and dropping an unsafe one), with no Retry-After unless throttled; an action
that needs a reviewer says so; sign-out ends the session and goes home; a password hash made
with older Argon2 parameters is renewed at sign-in."""

from __future__ import annotations

import lxml.html
import pytest
import requests
from argon2 import PasswordHasher

from manualwatch.web.passwords import needs_rehash, verify_password
from store.reviewers import add_reviewer, password_hash_of
from tests.webapp import serving
from tests.webattack import REVIEWER, attacked_store, csrf, sign_in, signed_in_as


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    attacked = attacked_store(tmp_path_factory.mktemp("web-signin-form"))
    with serving(attacked.config) as base:
        yield attacked, base


def kept_next(answer: requests.Response) -> str:
    return lxml.html.fromstring(answer.text).xpath("string(//input[@name='next']/@value)")


@pytest.mark.parametrize(("target", "kept"), [("/changes/3?x=1", "/changes/3?x=1"),
                                              ("//evil.example", ""), ("", "")],
                         ids=["safe", "unsafe", "none"])
def test_a_failed_sign_in_keeps_only_a_safe_next(site, target: str, kept: str) -> None:
    _, base = site
    with requests.Session() as browser:
        answer = sign_in(browser, base, password="wrong", next_path=target)
        assert answer.status_code == 401 and "Retry-After" not in answer.headers
        assert "Unknown name or wrong password." in answer.text
        assert kept_next(answer) == kept
        form = browser.get(base + "/login", params={"next": target}, timeout=30)
        assert kept_next(form) == kept


def test_signing_off_signed_out_says_what_is_needed(site) -> None:
    attacked, base = site
    with requests.Session() as browser:
        answer = browser.post(f"{base}/changes/{attacked.change_id}/signoff",
                              data={"decision": "no_action",
                                    "csrf_token": csrf(browser, base + "/login")},
                              timeout=30)
        assert answer.status_code == 401
        assert "Sign in as a reviewer to record a decision." in answer.text


def test_sign_out_ends_the_session_and_goes_home(site) -> None:
    attacked, base = site
    with requests.Session() as browser:
        assert sign_in(browser, base).status_code == 302
        assert signed_in_as(browser, base) == REVIEWER
        assert attacked.db.execute("SELECT count(*) FROM web_sessions").fetchone()[0] >= 1
        out = browser.post(base + "/logout", data={"csrf_token": csrf(browser, base + "/")},
                           allow_redirects=False, timeout=30)
        assert out.status_code == 302 and out.headers["Location"] == "/"
        assert signed_in_as(browser, base) is None


def test_a_hash_with_old_parameters_is_renewed_at_sign_in(site) -> None:
    attacked, base = site
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("old params pw")
    add_reviewer(attacked.db, "Olga", old, "2026-01-01T00:00:00Z")
    with requests.Session() as browser:
        assert sign_in(browser, base, name="olga", password="old params pw").status_code == 302
        assert signed_in_as(browser, base) == "Olga"
    renewed = password_hash_of(attacked.db, "Olga")
    assert renewed != old and not needs_rehash(renewed)
    assert verify_password(renewed, "old params pw")
