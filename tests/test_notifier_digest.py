"""A digest is one clear email about the given changes: text and HTML, escaped, unsubscribable."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from notifier.details import details_for
from notifier.digest import build_digest, to_message
from store.models import Change, PreviousRef, Run

TITLE = "Norfolk Children's Services Procedure Manual"
CH = "https://norfolkcs.trixonline.co.uk/chapter/"
BASE = "http://127.0.0.1:8000/"
UNSUB = "http://127.0.0.1:8000/unsubscribe?token=a1b2&x=1"
RUN = Run(id=7, manual="norfolk-cs", status="ok", baseline=False,
          started_at="2026-11-25T02:00:00Z", finished_at="2026-11-25T02:03:10Z")
SUMMER_RUN = Run(id=8, manual="norfolk-cs", status="ok", baseline=False,
                 started_at="2026-07-01T23:30:00Z", finished_at=None)

UPDATED = Change(kind="updated", chapter_id=1, number="1.1.3", title="Capacity and Consent",
                 url=CH + "capacity-and-consent", words_added=42, words_removed=7,
                 sections=("3. Key Principles", "3.2 Placements"),
                 section_paths=(("3. Key Principles",), ("3. Key Principles", "3.2 Placements")),
                 run_id=7, seen_at="2026-11-25T02:01:00Z", id=31)
NEW = Change(kind="new", chapter_id=2, number="5.1.7", title="Staying Put",
             url=CH + "staying-put", run_id=7, seen_at="2026-11-25T02:01:00Z", id=32)
RENAMED = Change(kind="renamed", chapter_id=3, number="3.1",
                 title="Private Fostering Arrangements", url=CH + "private-fostering",
                 previous=PreviousRef("3.1", "Private Fostering", CH + "private-fostering"),
                 run_id=7, seen_at="2026-11-25T02:01:00Z", id=33)
UPDATED_TOO = Change(**{**UPDATED.__dict__, "chapter_id": 5, "number": "1.1.4", "id": 35})
UPDATED_THREE = Change(**{**UPDATED.__dict__, "chapter_id": 6, "number": "1.1.5", "id": 36})
NOT_MINE = Change(kind="new", chapter_id=4, number="9.9", title="Someone Else's Chapter",
                  url=CH + "else", run_id=7, seen_at="2026-11-25T02:01:00Z", id=34)


def digest(changes=(UPDATED, NEW, RENAMED), run=RUN, unsubscribe=UNSUB, title=TITLE):
    full_run = Run(**{**run.__dict__, "changes": (UPDATED, NEW, RENAMED, NOT_MINE)})
    return build_digest("reader@example.org", "norfolk-cs", title, full_run, list(changes),
                        BASE, unsubscribe)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self._href = dict(attrs).get("href") if tag == "a" else None

    def handle_data(self, data) -> None:
        if self._href and data.strip():
            self.links[data.strip()] = self._href
        self._href = None


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(("changes", "run", "subject"), [
    pytest.param((UPDATED, NEW, RENAMED), RUN,
                 "Norfolk Children's Services manual: 1 chapter updated, 1 new, 1 renamed"
                 " (25 Nov 2026)", id="three-in-november"),
    pytest.param((NEW,), SUMMER_RUN,
                 "Norfolk Children's Services manual: 1 new chapter (2 Jul 2026)",
                 id="one-on-a-london-summer-night"),
    pytest.param((UPDATED, UPDATED_TOO, UPDATED_THREE, NEW), RUN,
                 "Norfolk Children's Services manual: 3 chapters updated, 1 new (25 Nov 2026)",
                 id="the-issue-example"),
])
def test_subject_counts_chapters_and_names_the_london_day(changes, run, subject) -> None:
    assert digest(changes, run).subject == subject


def test_text_part_tells_each_change_in_full() -> None:
    text = digest().text
    assert "Checked on Wednesday 25 November 2026 at 02:00 GMT." in text
    assert "Updated: 1.1.3 Capacity and Consent\n" + CH + "capacity-and-consent\n" in text
    assert details_for(UPDATED) in text  # the section summary, in the differ's wording
    assert "  - 3. Key Principles › 3.2 Placements" in text
    assert "Renamed: 3.1 Private Fostering Arrangements" in text
    assert "This chapter was renamed from 'Private Fostering'." in text
    assert "Full diff: http://127.0.0.1:8000/changes/31" in text
    assert text.index("NEW CHAPTERS (1)") < text.index("UPDATED CHAPTERS (1)")


def test_html_part_links_titles_and_lists_sections() -> None:
    html = digest().html
    found = links(html)
    assert found.links["Capacity and Consent"] == CH + "capacity-and-consent"
    assert found.links["Staying Put"] == CH + "staying-put"
    assert found.links["Unsubscribe"] == UNSUB
    assert "3. Key Principles › 3.2 Placements" in html
    assert 'name="viewport"' in html


def test_only_the_given_changes_are_told() -> None:
    d = digest(changes=(NEW,))
    for part in (d.text, d.html):
        assert "Staying Put" in part
        assert "Capacity and Consent" not in part and "Someone Else" not in part
    assert d.run_id == 7 and d.to == "reader@example.org" and d.manual == "norfolk-cs"


def test_web_text_is_escaped_in_html_and_left_plain_in_text() -> None:
    evil = Change(kind="new", chapter_id=9, number="1.9",
                  title='<img src=x onerror="alert(1)"> & <script>x()</script>',
                  url="javascript:alert(1)", seen_at="2026-11-25T02:01:00Z")
    d = digest(changes=(evil,), title="Tom & Jerry's <Manual>")
    assert "<script>" not in d.html and "<img" not in d.html and "javascript:" not in d.html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &lt;script&gt;" in d.html
    assert "Tom &amp; Jerry&#39;s &lt;Manual&gt;" in d.html
    assert "script" not in links(d.html).tags
    assert '<img src=x onerror="alert(1)"> & <script>x()</script>' in d.text
    assert "&amp;" not in d.text and "javascript:" not in d.text


def test_a_change_seen_on_an_earlier_day_says_when() -> None:
    late = Change(**{**NEW.__dict__, "seen_at": "2026-11-24T02:01:00Z"})
    assert "First seen on Tuesday 24 November 2026 at 02:01 GMT." in digest((late,)).text
    assert "First seen" not in digest((NEW,)).text


def test_a_digest_needs_changes() -> None:
    with pytest.raises(ValueError):
        digest(changes=())


def test_message_is_multipart_alternative_with_list_unsubscribe() -> None:
    now = datetime(2026, 11, 25, 2, 4, tzinfo=UTC)
    msg = to_message(digest(), "manualwatch@example.org", now=now)
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in parsed.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert parsed["List-Unsubscribe"] == f"<{UNSUB}>"
    assert parsed["From"] == "manualwatch@example.org"
    assert parsed["To"] == "reader@example.org"
    assert parsed["Subject"] == digest().subject
    assert parsed["Date"] == "Wed, 25 Nov 2026 02:04:00 +0000"
    assert parsed["Message-ID"].startswith("<") and parsed["Message-ID"].endswith("@example.org>")
    assert parsed.get_body(("plain",)).get_content() == digest().text


def test_no_list_unsubscribe_without_a_url() -> None:
    msg = to_message(digest(unsubscribe=None), "manualwatch@example.org")
    assert "List-Unsubscribe" not in msg and "Unsubscribe" not in digest(unsubscribe=None).text


def test_message_id_is_stable_for_a_digest_and_differs_between_recipients() -> None:
    one = to_message(digest(), "manualwatch@example.org")["Message-ID"]
    again = to_message(digest(), "manualwatch@example.org")["Message-ID"]
    other = build_digest("other@example.org", "norfolk-cs", TITLE, RUN, [NEW], BASE, None)
    assert one == again != to_message(other, "manualwatch@example.org")["Message-ID"]
