"""Sign-in throttling and bounded cost, attacked over HTTP: 25 wrong passwords for one name
are answered 401 five times, then 429 with Retry-After (even for the right password) with a
back-off that doubles; per client address too, across names; X-Forwarded-For counts only
from a trusted proxy; no password is hashed while two are; a 2 MB form is refused with 413."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests

from manualwatch.web import passwords
from manualwatch.web.throttle import block_for
from tests.webapp import serving
from tests.webattack import REVIEWER, MovingClock, attacked_store, csrf, sign_in


@pytest.fixture
def attacked(tmp_path):
    return attacked_store(tmp_path)


def test_25_wrong_passwords_answer_429_from_the_6th(attacked) -> None:
    clock = MovingClock()
    with serving(attacked.config, clock=clock) as base, requests.Session() as browser:
        answers = [sign_in(browser, base, password=f"wrong {n}") for n in range(25)]
        assert [a.status_code for a in answers] == [401] * 5 + [429] * 20
        assert {a.headers["Retry-After"] for a in answers[5:]} == {"30"}
        assert "try again in 30 seconds" in answers[5].text
        assert sign_in(browser, base).status_code == 429  # even the right password waits
        clock.move(seconds=29)
        assert sign_in(browser, base, password="wrong").headers["Retry-After"] == "1"
        clock.move(seconds=1)
        failed = sign_in(browser, base, password="wrong again")  # the 6th failure
        assert failed.status_code == 401
        assert sign_in(browser, base).headers["Retry-After"] == "60"  # doubled
        clock.move(seconds=60)
        assert sign_in(browser, base).status_code == 302  # right: the name starts over...
        # ...but not the address, which has failed 7 times in a row now: 2 minutes
        assert sign_in(browser, base, password="x").status_code == 401
        assert sign_in(browser, base).headers["Retry-After"] == "120"


def test_failures_from_one_address_block_it_for_every_name(attacked) -> None:
    clock = MovingClock()
    with serving(attacked.config, clock=clock) as base, requests.Session() as browser:
        codes = [sign_in(browser, base, name=f"guess{n}", password="x").status_code
                 for n in range(6)]
        assert codes == [401] * 5 + [429]
        assert sign_in(browser, base).status_code == 429  # the reviewer too, from here


def test_forwarded_addresses_count_only_from_a_trusted_proxy(attacked) -> None:
    clock = MovingClock()
    untrusted = replace(attacked.config, web_trusted_proxies=("10.0.0.0/8",))
    for config, spread in ((attacked.config, True), (untrusted, False)):
        with serving(config, clock=clock) as base, requests.Session() as browser:
            codes = [sign_in(browser, base, name=f"n{n}", password="x",
                             **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                     for n in range(7)]
            # through the proxy each guess comes from its own address; directly, the
            # header is ignored and all come from 127.0.0.1
            assert codes == ([401] * 7 if spread else [401] * 5 + [429] * 2)
        clock.move(days=2)


def test_no_more_than_two_passwords_are_hashed_at_once(attacked, monkeypatch) -> None:
    monkeypatch.setattr(passwords, "WAIT_SECONDS", 0.01)
    with serving(attacked.config) as base, requests.Session() as browser:
        with passwords.hashing_slot(), passwords.hashing_slot():  # both slots taken
            busy = sign_in(browser, base)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert sign_in(browser, base).status_code == 302


def test_a_large_form_body_is_refused(attacked) -> None:
    with serving(attacked.config) as base, requests.Session() as browser:
        token = csrf(browser, base + "/login")
        huge = browser.post(base + "/login", data={"name": REVIEWER, "csrf_token": token,
                                                   "password": "x" * 2_000_000}, timeout=60)
        assert huge.status_code == 413
        assert "Content-Security-Policy" in huge.headers
        assert sign_in(browser, base).status_code == 302


def test_the_back_off_doubles_up_to_an_hour() -> None:
    assert [block_for(n) for n in range(1, 5)] == [None] * 4
    assert [block_for(n).total_seconds() for n in (5, 6, 7, 10, 12, 13, 100)] == \
        [30, 60, 120, 960, 3600, 3600, 3600]
