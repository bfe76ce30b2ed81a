"""Security of the review application: CSRF on every POST, sign-off only for reviewers,
unguessable tokens, markup in chapter text inert on every page and in every email, the
Content-Security-Policy and cookie flags."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator

import lxml.html
import pytest
from flask.testing import FlaskClient

from manualwatch.publish.ack_links import acknowledgement_url
from manualwatch.publish.mailing import queue_digests
from manualwatch.web import create_app
from manualwatch.web.passwords import hash_password
from store import outbox
from store.reviews import add_reviewer
from tests.browser import chromium, watch_console
from tests.webapp import reachable_pages, serving
from tests.webxss import IMG, SCRIPT, TITLE, hostile_store

PASSWORD = "a long enough secret"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    config, db, change_id = hostile_store(tmp_path_factory.mktemp("web-security"))
    add_reviewer(db, "rita", hash_password(PASSWORD), "2026-01-01T00:00:00Z")
    return config, db, change_id


@pytest.fixture
def client(hostile) -> Iterator[FlaskClient]:
    config, _, _ = hostile
    yield create_app(config).test_client()


def token_of(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client: FlaskClient) -> None:
    answer = client.post("/login", data={"name": "rita", "password": PASSWORD,
                                         "csrf_token": token_of(client)})
    assert answer.status_code == 302


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_sign_off_post_without_csrf_token_is_refused(client, hostile) -> None:
    _, db, change_id = hostile
    sign_in(client)
    before = count(db, "signoffs")
    for data in ({}, {"csrf_token": "guessed"}):
        answer = client.post(f"/changes/{change_id}/signoff",
                             data={"decision": "no_action", "note": "x", **data})
        assert 400 <= answer.status_code < 500
    assert count(db, "signoffs") == before


def test_other_posts_without_csrf_token_record_nothing(client, hostile) -> None:
    config, db, _ = hostile
    link = acknowledgement_url(db, config.web_base_url, run_id=2, subscriber_id=1,
                               email="staff@example.org", change_ids=[1], now="2026-06-01")
    token = link.rsplit("/", 1)[1]
    subscriber = db.execute("SELECT token FROM subscribers").fetchone()[0]
    assert client.post(f"/ack/{token}").status_code == 400
    assert client.post(f"/unsubscribe/{subscriber}").status_code == 400
    assert client.post("/login", data={"name": "rita", "password": PASSWORD}).status_code == 400
    assert count(db, "acknowledgements") == 0
    assert count(db, "subscribers") == 1


def test_unauthenticated_sign_off_is_refused(client, hostile) -> None:
    _, db, change_id = hostile
    before = count(db, "signoffs")
    answer = client.post(f"/changes/{change_id}/signoff",
                         data={"decision": "no_action", "csrf_token": token_of(client)})
    assert answer.status_code == 401
    assert count(db, "signoffs") == before
    wrong = client.post("/login", data={"name": "rita", "password": "wrong password",
                                        "csrf_token": token_of(client)})
    assert wrong.status_code == 401


def test_a_signed_in_reviewer_can_sign_off(client, hostile) -> None:
    _, db, change_id = hostile
    sign_in(client)
    before = count(db, "signoffs")
    answer = client.post(f"/changes/{change_id}/signoff", data={
        "decision": "no_action", "note": "fine", "csrf_token": token_of(client)})
    assert answer.status_code == 302
    assert count(db, "signoffs") == before + 1


@pytest.mark.parametrize("path", ["/ack/{guess}", "/unsubscribe/{guess}"], ids=["ack", "unsub"])
def test_guessed_tokens_are_refused(client, hostile, path: str) -> None:
    _, db, _ = hostile
    csrf = token_of(client)
    for guess in ("1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "' OR 1=1 --", "x" * 500):
        url = path.format(guess=guess)
        assert client.get(url).status_code == 404
        assert client.post(url, data={"csrf_token": csrf}).status_code == 404
    one_click = client.post("/unsubscribe/guessed", data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 404
    assert count(db, "acknowledgements") == 0 and count(db, "subscribers") == 1


def test_markup_in_chapter_text_is_inert_on_every_page(client, hostile) -> None:
    _, _, change_id = hostile
    pages = reachable_pages(client)
    assert f"/changes/{change_id}" in pages and "/amendments" in pages
    for path, html in pages.items():
        if not html:
            continue
        tree = lxml.html.fromstring(html)
        assert tree.xpath("//script") == [], path
        assert tree.xpath("//img") == [], path
        handlers = [a for el in tree.iter() if isinstance(el.tag, str)
                    for a in el.attrib if a.lower().startswith("on")]
        assert handlers == [], path
    change_page = lxml.html.fromstring(pages[f"/changes/{change_id}"]).text_content()
    assert SCRIPT in change_page and IMG in change_page and TITLE in change_page


def test_markup_is_inert_in_a_real_browser(hostile) -> None:
    config, _, _ = hostile
    with serving(config) as base, chromium() as browser:
        page = browser.new_page()
        errors = watch_console(page)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        client = create_app(config).test_client()
        for path in reachable_pages(client):
            if path.endswith(".csv"):
                continue
            page.goto(base + path)
            assert page.evaluate("document.scripts.length") == 0, path
        assert dialogs == [] and errors == []


def test_markup_is_inert_in_every_email(hostile) -> None:
    config, db, _ = hostile
    assert queue_digests(db, config, config.manuals[0]) == 1
    message = email.message_from_string(outbox.all_items(db)[0].message,
                                        policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//script") == [] and tree.xpath("//img[@onerror]") == []
    assert [a for el in tree.iter() if isinstance(el.tag, str)
            for a in el.attrib if a.lower().startswith("on")] == []
    assert "alert(" in tree.text_content()  # shown as text, not dropped
    assert SCRIPT in text


def test_every_html_response_has_a_strict_policy_and_safe_cookies(client) -> None:
    answer = client.get("/login")
    policy = answer.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert "style-src 'self'" in policy and "script-src" not in policy
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    for path in ("/", "/changes/999999", "/search?q=%3Cscript%3E"):
        assert "unsafe-inline" not in client.get(path).headers["Content-Security-Policy"]
    assert 'style="' not in client.get("/changes/1").get_data(as_text=True)
