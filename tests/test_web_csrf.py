"""CSRF and headers, attacked over HTTP on every route the app has (read from its URL map,
so a route added later is attacked too): a POST without the session's token, or with a wrong
one, is refused with 400 and changes nothing, even for a signed-in reviewer; the RFC 8058
one-click body excuses only `/unsubscribe/...`; every response, errors included, carries the
Content-Security-Policy."""

from __future__ import annotations

import pytest
import requests
from werkzeug.routing import Rule

from manualwatch.web import create_app
from manualwatch.web.security import CSP
from tests.webapp import serving
from tests.webattack import REVIEWER, WAITING, Attacked, attacked_store, sign_in, signed_in_as

TABLES = ("signoffs", "acknowledgements", "subscribers", "web_sessions", "reviewers")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    attacked = attacked_store(tmp_path_factory.mktemp("web-csrf"))
    with serving(attacked.config) as base:
        yield attacked, base


def rules(attacked: Attacked, method: str) -> list[Rule]:
    app = create_app(attacked.config)
    return [r for r in app.url_map.iter_rules() if method in (r.methods or ())]


def path_of(rule: Rule, attacked: Attacked) -> str:
    """The rule's path with real values: the change, the waiting reader's tokens."""
    values = {}
    for name in rule.arguments:
        if rule._converters[name].__class__.__name__ == "BoundedInt" or name.endswith("_id"):
            values[name] = attacked.change_id
        elif rule.rule.startswith("/ack/"):
            values[name] = attacked.tokens[WAITING]
        elif rule.rule.startswith("/unsubscribe/"):
            values[name] = attacked.unsubscribe[WAITING]
        else:
            values[name] = "review.css"
    return rule.build(values)[1]


def counts(attacked: Attacked) -> dict[str, int]:
    return {t: attacked.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_the_app_has_the_post_routes_we_attack(site) -> None:
    attacked, _ = site
    found = {r.rule for r in rules(attacked, "POST")}
    assert {"/login", "/logout", "/changes/<int:change_id>/signoff", "/ack/<token>",
            "/unsubscribe/<token>"} <= found


def test_every_post_without_the_token_is_refused_and_changes_nothing(site) -> None:
    attacked, base = site
    with requests.Session() as reviewer:
        assert sign_in(reviewer, base).status_code == 302
        before = counts(attacked)
        for rule in rules(attacked, "POST"):
            path = path_of(rule, attacked)
            for extra in ({}, {"csrf_token": "guessed"}, {"csrf_token": ""}):
                data = {"decision": "no_action", "note": "forged", "name": REVIEWER,
                        "password": "x", **extra}
                answer = reviewer.post(base + path, data=data, allow_redirects=False,
                                       timeout=30)
                assert answer.status_code == 400, (path, extra, answer.status_code)
                assert "security token" in answer.text
            one_click = reviewer.post(base + path, data={"List-Unsubscribe": "One-Click"},
                                      allow_redirects=False, timeout=30)
            if not rule.rule.startswith("/unsubscribe/"):
                assert one_click.status_code == 400, path
        assert signed_in_as(reviewer, base) == REVIEWER  # /logout without a token did nothing
        after = counts(attacked)
        assert after == {**before, "subscribers": before["subscribers"] - 1}  # one-click


def test_one_click_unsubscribe_needs_no_session(site) -> None:
    attacked, base = site
    token = attacked.db.execute("SELECT token FROM subscribers LIMIT 1").fetchone()[0]
    answer = requests.post(f"{base}/unsubscribe/{token}",
                           data={"List-Unsubscribe": "One-Click"}, timeout=30)
    assert answer.status_code == 200 and answer.text == "unsubscribed\n"
    prefix = requests.post(f"{base}/unsubscribe", data={"List-Unsubscribe": "One-Click"},
                           timeout=30)
    assert prefix.status_code == 400  # the exemption is for /unsubscribe/<token> only


def test_every_response_carries_the_policy(site) -> None:
    attacked, base = site
    answers = []
    with requests.Session() as browser:
        for rule in rules(attacked, "GET"):
            path = path_of(rule, attacked)
            answers.append((path, browser.get(base + path, timeout=30)))
            for bad in ("/99999999999999999999999", "/-1", "/x"):
                answers.append((path + bad, browser.get(base + path + bad, timeout=30)))
        answers.append(("405", browser.delete(base + "/", timeout=30)))
        answers.append(("413", browser.post(base + "/login", data={"p": "x" * 100_000},
                                            timeout=30)))
        answers.append(("no route", browser.get(base + "/nothing-here", timeout=30)))
    codes = {a.status_code for _, a in answers}
    assert {200, 404, 405, 413} <= codes
    for path, answer in answers:
        assert answer.headers.get("Content-Security-Policy") == CSP, path
        assert answer.headers.get("X-Frame-Options") == "DENY", path
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", path
        assert answer.headers.get("Referrer-Policy") == "no-referrer", path
        assert answer.status_code < 500, path
    # nothing is kept by a cache unless the response says otherwise (static files: revalidated)
    caching = {answer.headers.get("Cache-Control") for path, answer in answers
               if not path.startswith("/static/")}
    assert caching == {"no-store"}
    assert {answer.headers.get("Cache-Control") for path, answer in answers
            if path.startswith("/static/") and answer.status_code == 200} == {"no-cache"}
