"""The opt-in digest line "the same change has now reached manual X": through the sample
councils' editions, sent to a real SMTP server, a subscriber who opted in (`subscribe
--adoption`) hears exactly which change of a chapter they follow reached which manual and
when; one who did not, or whose manual does not carry the change, hears nothing of it."""

from __future__ import annotations

import json
from email.message import EmailMessage

import pytest

from notifier.digest import build_digest
from notifier.models import Reached
from store.chapters import find_chapter
from store.models import Run
from tests.conftest import Manualwatch
from tests.councilwalk import WATCHERS, CouncilWalk

NATIONAL = ("“From January 2027 the strategy discussion must also include the designated"
            " health professional for the area.”")
DELETED = ("“Carers should still take steps to return the child and must tell the social"
           " worker, but a missing report is not always needed.”")
ONLINE = ("“Children can also be exploited online, through gaming and social media platforms,"
          " without ever leaving home.”")
TO_WESTVALE = (
    2, "northshire (sample) manual: a change has now reached westvale (sample) manual"
       " (16 Nov 2026)",
    [f"1.5.3 Children who go Missing from Home or Care: the change removing {DELETED} has now"
     " reached westvale (sample) manual (1.5.3) on 16 November 2026.",
     "First seen here on 16 November 2026."])
TO_EASTBOROUGH = (
    3, "northshire (sample) manual: a change has now reached eastborough (sample) manual"
       " (30 Nov 2026)",
    [f"1.3.3 Section 47 Enquiries: the change adding {NATIONAL} has now reached eastborough"
     " (sample) manual (1.3.4) on 30 November 2026.",
     "First seen here on 16 November 2026."])
EXPECTED = {
    "partnership@example.org": [TO_WESTVALE, TO_EASTBOROUGH],
    "s47@example.org": [TO_EASTBOROUGH],  # follows 1.3.3 only: not the deletion in 1.5.3
    "plain@example.org": [],  # follows everything, but did not opt in
    "slavery@example.org": [(
        3, "westvale (sample) manual: a change has now reached eastborough (sample) manual"
           " (30 Nov 2026)",
        [f"1.5.4 Modern Slavery: the change adding {ONLINE} has now reached eastborough"
         " (sample) manual (1.5.4) on 30 November 2026.",
         "This manual had it already; first seen as a change in eastborough (sample) manual"
         " on 30 November 2026."])],
    "east@example.org": [],  # opted in, but eastborough carries none of the others' changes
}


def plain(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def reached_lines(message: EmailMessage) -> list[str]:
    """The lines of the digest's "Taken up by other manuals" group (none: not there)."""
    text = plain(message)
    if "TAKEN UP BY OTHER MANUALS" not in text:
        return []
    group = text.split("TAKEN UP BY OTHER MANUALS", 1)[1].split("\n-- \n", 1)[0]
    return [line for line in group.splitlines()[1:]
            if line.strip() and not line.startswith("Compare: ")]


@pytest.fixture(scope="module")
def notices(councils: CouncilWalk) -> dict[str, list[tuple[int, str, list[str]]]]:
    """Per watcher, each digest carrying the line: (edition, subject, its lines)."""
    found: dict[str, list] = {address: [] for address, _, _ in WATCHERS}
    for edition, messages in sorted(councils.mail.items()):
        for message in messages:
            if lines := reached_lines(message):
                found[message["To"]].append((edition, message["Subject"], lines))
    return found


@pytest.mark.parametrize("address", list(EXPECTED))
def test_each_watcher_hears_exactly_the_changes_that_reached_other_manuals(
        notices: dict, address: str) -> None:
    assert notices[address] == EXPECTED[address]


def test_without_opting_in_the_digests_never_say_it(councils: CouncilWalk) -> None:
    digests = [m for messages in councils.mail.values() for m in messages
               if m["To"] == "plain@example.org"]
    assert [m["Subject"] for m in digests] == [
        "northshire (sample) manual: 2 chapters updated (16 Nov 2026)"]
    assert all("has now reached" not in plain(m) + html(m) for m in digests)


def test_the_html_digest_carries_the_line_and_a_compare_link(councils: CouncilWalk) -> None:
    (message,) = [m for m in councils.mail[3] if m["To"] == "s47@example.org"]
    chapter = find_chapter(councils.db, "northshire", "1.3.3")
    page = html(message)
    assert ("The change adding “From January 2027 the strategy discussion must also include the"
            " designated health professional for the area.” has now reached eastborough (sample)"
            " manual (1.3.4) on 30 November 2026.") in page
    assert f'href="http://127.0.0.1:8000/chapters/{chapter.id}/in/eastborough"' in page
    assert f"Compare: http://127.0.0.1:8000/chapters/{chapter.id}/in/eastborough" in plain(message)
    assert "asked to hear when other manuals take them up" in plain(message)


def test_the_opt_in_is_shown_and_can_be_turned_off_alone(councils: CouncilWalk) -> None:
    mw = Manualwatch(councils.config_path)
    listed = json.loads(mw("subscribers", "--json").stdout)["subscribers"]
    assert {s["email"]: s["adoption"] for s in listed} == {
        "partnership@example.org": True, "s47@example.org": True, "plain@example.org": False,
        "slavery@example.org": True, "east@example.org": True}
    result = mw("subscribe", "s47@example.org", "--manual", "northshire", "--no-adoption")
    assert result.exit_code == 0, result.output
    assert result.output == "s47@example.org follows chapter 1.3.3 in northshire\n"
    result = mw("subscribe", "s47@example.org", "--manual", "northshire", "--adoption")
    assert result.output == ("s47@example.org follows chapter 1.3.3 in northshire; told when"
                             " other manuals take up the same changes\n")
    unknown = mw("subscribe", "new@example.org", "--manual", "northshire", "--adoption")
    assert unknown.exit_code == 2 and "say what to follow" in unknown.output


def test_a_single_manual_has_no_other_to_take_up_its_changes(tmp_path) -> None:
    from tests.conftest import write_config

    mw = Manualwatch(write_config(tmp_path, "http://127.0.0.1:9/contents"))
    result = mw("subscribe", "a@example.org", "--all", "--adoption")
    assert result.exit_code == 2
    assert "--adoption: only one manual is configured" in result.output


def test_text_from_the_web_is_escaped_in_the_html_line() -> None:
    run = Run(7, "b", "ok", False, "2026-11-30T02:00:00Z", "2026-11-30T02:05:00Z")
    item = Reached(number="1.2", title="<script>alert(1)</script>", inserted="a <b>bold</b> & x",
                   deleted="", manual="B & <i>C</i> manual", number_there="1.3",
                   seen_at="2026-11-30T02:00:00Z", first_manual=None,
                   first_seen_at="2026-11-16T02:00:00Z",
                   compare_url="javascript:alert(1)")
    digest = build_digest("a@example.org", "a", "A manual", run, [], "http://h/", None,
                          reached=[item])
    assert "<script>" not in digest.html and "<b>bold" not in digest.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in digest.html
    assert "B &amp; &lt;i&gt;C&lt;/i&gt; manual" in digest.html
    assert "javascript:" not in digest.html + digest.text
    assert digest.subject == "A manual: a change has now reached B & <i>C</i> manual (30 Nov 2026)"
