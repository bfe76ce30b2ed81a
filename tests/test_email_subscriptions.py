"""Subscriptions: --all, chapter numbers, globs, titles, URLs, section numbers and titles;
a chapter subscription follows its chapter through renames, renumbering and moves; bad
addresses and selectors are refused with a clear message.

The sample manual goes through editions 1 -> 2 -> 3 against a real SMTP server; each
subscriber must get exactly the changes of what they follow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.samplesite import SampleSite
from store import open_database
from store.chapters import find_chapter
from store.subscribers import list_subscribers
from tests.conftest import Manualwatch, write_config
from tests.smtpserver import smtp_server

BEFORE_BASELINE = {"early@example.org": ["--chapter", "5.1.21"]}  # Health and Safety
AFTER_BASELINE = {
    "title@example.org": ["--chapter", "Mental Capacity"],  # renamed in edition 2
    "renum@example.org": ["--chapter", "1.5.3"],  # renumbered to 1.5.4 in edition 2
    "glob@example.org": ["--chapter", "1.5.*"],
    "group@example.org": ["--section", "Monitoring and Reviews"],  # group 5.2
    "section@example.org": ["--section", "Looked After Children"],  # section 5
    "number@example.org": ["--section", "6.1"],
    "all@example.org": ["--all"],
}


def titles(box, address: str) -> list[list[str]]:
    """For each digest `address` received, the chapter titles it tells about, in order."""
    found = []
    for message in box.to(address):
        text = message.get_body(("plain",)).get_content()
        found.append([line.split(": ", 1)[1] for line in text.splitlines()
                      if line.split(": ", 1)[0] in ("New", "Updated", "Removed", "Renamed",
                                                    "Moved", "Renumbered")])
    return found


@pytest.fixture(scope="module")
def mail(tmp_path_factory) -> dict:
    folder: Path = tmp_path_factory.mktemp("subs")
    out: dict = {}
    with smtp_server() as box, SampleSite(layout="current", edition=1).start() as site:
        mw = Manualwatch(write_config(folder, site.contents_url, smtp_port=box.port))
        for address, follows in BEFORE_BASELINE.items():
            assert mw("subscribe", address, *follows).exit_code == 0
        mw.run_json()
        db = open_database(folder / "manualwatch.db")
        out["conflict_url"] = find_chapter(db, "sample", "6.1.5").url
        follows = {**AFTER_BASELINE, "url@example.org": ["--chapter", out["conflict_url"]]}
        for address, selectors in follows.items():
            result = mw("subscribe", address, *selectors)
            assert result.exit_code == 0, result.output
        for edition in (2, 3):
            site.set_edition(edition)
            mw.run_json()
            out[edition] = {a: titles(box, a) for a in [*follows, *BEFORE_BASELINE]}
            box.messages.clear()
        out["mw"] = mw
        out["db"] = db
    return out


def test_a_chapter_followed_before_the_baseline_follows_its_rename_and_renumbering(mail) -> None:
    assert mail[2]["early@example.org"] == []
    assert mail[3]["early@example.org"] == [["5.5.6 Health and Safety of Looked After Children"]]


def test_a_subscription_made_before_the_baseline_is_bound_to_the_chapter(mail) -> None:
    (early,) = [
        s for s in list_subscribers(mail["db"], "sample") if s.email == "early@example.org"]
    chapter = find_chapter(mail["db"], "sample", "5.5.6")
    assert early.follows[0].chapter_id == chapter.id and chapter.title.startswith("Health")


def test_a_chapter_followed_by_title_follows_its_rename(mail) -> None:
    assert mail[2]["title@example.org"] == [["4.4.1 Mental Capacity and Young People Aged 16 "
                                             "and 17"]]


def test_a_chapter_followed_by_number_stays_with_the_chapter_not_the_number(mail) -> None:
    # edition 2 puts a new chapter at 1.5.3 and pushes the followed one to 1.5.4
    assert mail[2]["renum@example.org"] == [["1.5.4 Children who go Missing from Home or Care"]]


def test_a_chapter_followed_by_url_follows_its_move(mail) -> None:
    assert mail[3]["url@example.org"] == [
        ["6.1.5 Conflict of Interest (for staff and councillors) in Fostering"]]


def test_a_glob_follows_every_chapter_whose_number_matches(mail) -> None:
    (digest,) = mail[2]["glob@example.org"]
    assert [t.split()[0] for t in digest] == ["1.5.3", "1.5.4", "1.5.5", "1.5.6", "1.5.7"]


def test_sections_by_title_and_number(mail) -> None:
    assert mail[2]["group@example.org"] == [["5.2.2 Looked After Reviews"]]
    assert sorted(mail[2]["section@example.org"][0]) == ["5.1.13 Placements with Parents",
                                                          "5.2.2 Looked After Reviews"]
    assert mail[2]["number@example.org"] == []
    assert [t.split()[0] for t in mail[3]["number@example.org"][0]] == ["6.1.2", "6.1.5"]


def test_everyone_gets_one_digest_per_run_at_most(mail) -> None:
    for edition in (2, 3):
        assert all(len(d) <= 1 for d in mail[edition].values())
    assert len(mail[2]["all@example.org"][0]) == 11


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["not-an-address", "--all"], "is not a valid email address", id="no-at"),
    pytest.param(["a@b@example.org", "--all"], "is not a valid email address", id="two-ats"),
    pytest.param(["someone@localhost", "--all"], "is not a valid email address", id="no-domain"),
    pytest.param(["x@example.org", "--chapter", "9.9.*"], "matches no chapter", id="empty-glob"),
    pytest.param(["x@example.org", "--chapter", "No Such Chapter"], "no such chapter",
                 id="unknown-title"),
    pytest.param(["x@example.org", "--section", "Gardening"], "no contents section",
                 id="unknown-section-title"),
    pytest.param(["x@example.org"], "say what to follow", id="nothing"),
])
def test_bad_subscriptions_are_refused_clearly(mail, args: list[str], message: str) -> None:
    result = mail["mw"]("subscribe", *args)
    assert result.exit_code == 2 and message in result.output, result.output


def test_addresses_are_normalised(mail) -> None:
    result = mail["mw"]("subscribe", "Reader@EXAMPLE.org", "--all")
    assert result.exit_code == 0 and result.output.startswith("Reader@example.org follows")
