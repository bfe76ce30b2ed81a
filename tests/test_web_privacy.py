"""Who sees what: signed out, every page reachable from `/` (over HTTP, from the real server)
shows the manual but no staff address, no reviewer name and no note; the sign-off trail sends
a signed-out visitor to sign in; a change page gives only counts; a staff member's own
acknowledgement page shows only their own state. Signed in, a reviewer sees the names."""

from __future__ import annotations

import csv
import io

import pytest
import requests

from tests.webapp import serving
from tests.webattack import (
    NOTE,
    READER,
    REVIEWER,
    WAITING,
    attacked_store,
    crawl,
    sign_in,
)

PERSONAL = (READER, WAITING, REVIEWER, NOTE, "reader@", "waiting@", "Rita")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    attacked = attacked_store(tmp_path_factory.mktemp("web-privacy"))
    with serving(attacked.config) as base:
        yield attacked, base


def test_no_personal_data_on_any_signed_out_page(site) -> None:
    attacked, base = site
    with requests.Session() as browser:
        pages = crawl(browser, base)
    assert f"/changes/{attacked.change_id}" in pages and "/search" in pages
    assert not any(path.startswith("/reviews.csv") for path in pages)
    for path, answer in pages.items():
        assert answer.status_code == 200, path
        for secret in PERSONAL:
            assert secret not in answer.text, (path, secret)


def test_a_signed_out_change_page_gives_counts_only(site) -> None:
    attacked, base = site
    page = requests.get(f"{base}/changes/{attacked.change_id}", timeout=30).text
    assert "1 of 2 staff have read this." in page
    assert "1 decision recorded." in page
    assert 'id="outstanding"' not in page and 'class="acks"' not in page


def test_the_trail_sends_a_signed_out_visitor_to_sign_in(site) -> None:
    _, base = site
    for path in ("/reviews.csv", "/reviews.csv?since=2026-01-01&until=2026-12-31"):
        answer = requests.get(base + path, timeout=30, allow_redirects=False)
        assert answer.status_code == 302, path
        assert answer.headers["Location"].startswith("/login?next=/reviews.csv")
        assert NOTE not in answer.text and REVIEWER not in answer.text


def test_a_signed_in_reviewer_sees_names_and_the_trail(site) -> None:
    attacked, base = site
    with requests.Session() as browser:
        assert sign_in(browser, base, next_path="/reviews.csv").headers["Location"] == \
            "/reviews.csv"
        rows = list(csv.DictReader(io.StringIO(browser.get(base + "/reviews.csv",
                                                           timeout=30).text)))
        assert [(r["reviewer"], r["note"]) for r in rows] == [(REVIEWER, NOTE)]
        page = browser.get(f"{base}/changes/{attacked.change_id}", timeout=30).text
        assert READER in page and WAITING in page and NOTE in page
        assert "Download the sign-off audit trail" in browser.get(base + "/", timeout=30).text


def test_a_staff_member_sees_only_their_own_state(site) -> None:
    attacked, base = site
    mine = requests.get(f"{base}/ack/{attacked.tokens[WAITING]}", timeout=30).text
    assert WAITING in mine and READER not in mine and REVIEWER not in mine
    assert 'id="acknowledge"' in mine  # not yet read by this one
    read = requests.get(f"{base}/ack/{attacked.tokens[READER]}", timeout=30).text
    assert READER in read and WAITING not in read and 'id="acknowledged"' in read
    unsubscribe = requests.get(f"{base}/unsubscribe/{attacked.unsubscribe[WAITING]}",
                               timeout=30).text
    assert WAITING in unsubscribe and READER not in unsubscribe
