"""Pages and feeds in the reader's terms: the Atom feed really is newest first (changes seen
together in chapter order) and says so; the unsubscribe page names the manual by its title;
the sign-in page keeps the name typed after a wrong password."""

from __future__ import annotations

import re
from dataclasses import replace

import feedparser
import lxml.html
import pytest

from manualwatch.web import create_app
from notifier.appendix import build_amendments
from notifier.feed import render_atom
from store.models import Change
from tests.webapp import Reviewed, walk_with_mail

BASE = "https://norfolkcs.trixonline.co.uk/chapter/"


def rec(number: str, title: str, seen_at: str) -> Change:
    return Change(kind="updated", chapter_id=int(number.replace(".", "")), number=number,
                  title=title, url=BASE + title.lower().replace(" ", "-"), seen_at=seen_at,
                  words_added=1)


def test_the_feed_is_newest_first_and_says_how_it_is_ordered() -> None:
    changes = [rec("1.1", "Alpha", "2026-03-02T02:00:00Z"),
               rec("2.1", "Gamma", "2026-06-01T02:00:00Z"),
               rec("1.2", "Beta", "2026-06-01T02:00:00Z"),
               rec("1.3", "Delta", "2026-09-07T02:00:00Z")]
    by_day: dict[str, list[Change]] = {}
    for change in changes:
        by_day.setdefault(change.seen_at[:10], []).append(change)
    doc = build_amendments(sorted(by_day.items()))
    parsed = feedparser.parse(render_atom(doc, manual="m", manual_title="M"))
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries] == [
        "Updated: 1.3 Delta", "Updated: 1.2 Beta", "Updated: 2.1 Gamma", "Updated: 1.1 Alpha"]
    new = replace(rec("1.4", "Epsilon", "2026-06-01T02:00:00Z"), kind="new", words_added=0)
    mixed = build_amendments([("2026-06-01", [new, *by_day["2026-06-01"]])])
    titles = [e.title for e in feedparser.parse(render_atom(mixed, manual="m",
                                                            manual_title="M")).entries]
    assert titles == ["Updated: 1.2 Beta", "New: 1.4 Epsilon", "Updated: 2.1 Gamma"]
    assert parsed.feed.subtitle == ("Changes manualwatch found in the manual, newest first; "
                                    "changes first seen together are in the manual's chapter "
                                    "order.")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    return walk_with_mail(tmp_path_factory.mktemp("readable-pages"))


def test_the_unsubscribe_page_names_the_manual_by_its_title(reviewed: Reviewed) -> None:
    client = create_app(reviewed.config).test_client()
    token = reviewed.db.execute("SELECT token FROM subscribers").fetchone()[0]
    page = lxml.html.fromstring(client.get(f"/unsubscribe/{token}").get_data(as_text=True))
    text = " ".join(page.xpath("string(//main)").split())
    assert ("Stop the digests about the Norfolk Children's Services Procedure Manual (sample)"
            " sent to staff@example.org?") in text
    assert "sample " not in page.findtext(".//title")
    assert page.findtext(".//title").startswith("Unsubscribe: Norfolk Children's Services")


def test_sign_in_keeps_the_name_after_a_wrong_password(reviewed: Reviewed) -> None:
    client = create_app(reviewed.config).test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"csrf_token": token, "name": "Ada <Reviewer>",
                                         "password": "wrong", "next": ""})
    assert answer.status_code == 401
    page = lxml.html.fromstring(answer.get_data(as_text=True))
    assert page.xpath("//input[@name='name']/@value") == ["Ada <Reviewer>"]
    assert page.xpath("//input[@name='password']/@value") == []
