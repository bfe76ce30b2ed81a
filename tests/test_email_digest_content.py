"""What a digest shows per chapter: its kind, the section summary, the changed sentences
with insertions and deletions marked, links to the chapter and the full diff; long digests
are cut with a link to the rest; the headers let mail clients thread and unsubscribe."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace

import pytest

from differ import diff_chapter
from notifier.details import details_for
from notifier.digest import DigestParts, build_digest, to_message
from notifier.excerpts import excerpt, excerpt_text
from store.models import Change, Run

BASE = "https://mw.example.org"
RUN = Run(id=4, manual="norfolk-cs", status="ok", baseline=False,
          started_at="2026-11-22T02:00:00Z", finished_at=None)
OLD = ("## 3. Key Principles\nThe social worker must visit within 10 working days. "
       "Visits are recorded on the file. Managers check them monthly.\n"
       "## 4. Recording\nRecords are kept for 25 years.\nThis paragraph goes away.")
NEW = ("## 3. Key Principles\nThe social worker must visit within 5 working days. "
       "Visits are recorded on the file. Managers check them monthly.\n"
       "## 4. Recording\nRecords are kept for 25 years.\nA brand new paragraph appears here.")
CHANGE = Change(kind="updated", chapter_id=1, number="1.3.5", title="Visits",
                url="https://manual.example.org/chapter/visits", words_added=7,
                words_removed=5, sections=("3. Key Principles", "4. Recording"),
                section_paths=(("3. Key Principles",), ("4. Recording",)), id=31, run_id=4,
                seen_at="2026-11-22T02:01:00Z")


def digest(changes=(CHANGE,), **kwargs):
    diffs = {CHANGE.id: diff_chapter(OLD, NEW, "Visits")}
    return build_digest("reader@example.org", "norfolk-cs",
                        "Norfolk Children's Services Procedure Manual", RUN, list(changes),
                        BASE, f"{BASE}/unsubscribe/tok", diffs=diffs, **kwargs)


def test_only_the_changed_sentence_of_a_long_line_is_shown() -> None:
    shown = excerpt(diff_chapter(OLD, NEW, "Visits"))
    texts = [excerpt_text(p) for p in shown.passages]
    assert texts[0] == "The social worker must visit within [-10-] {+5+} working days. …"
    assert "Managers" not in texts[0], "unchanged sentences are left out"
    assert texts[1:] == ["Removed: This paragraph goes away.",
                         "Added: A brand new paragraph appears here."]
    assert [p.heading for p in shown.passages] == ["3. Key Principles", "4. Recording",
                                                   "4. Recording"]


def test_many_changed_lines_are_counted_not_all_shown() -> None:
    old = "\n".join(f"Line {i} says old things." for i in range(10))
    new = "\n".join(f"Line {i} says new things." for i in range(10))
    shown = excerpt(diff_chapter(old, new, "T"), max_passages=4)
    assert len(shown.passages) == 4 and shown.more == 6


def test_text_part_marks_insertions_and_deletions() -> None:
    text = digest().text
    assert "Updated: 1.3.5 Visits" in text
    assert details_for(CHANGE) in text  # the section summary
    assert ("[3. Key Principles] The social worker must visit within [-10-] {+5+} working days."
            in text)
    assert "Full diff: https://mw.example.org/changes/31" in text
    assert "https://manual.example.org/chapter/visits" in text


def test_html_part_marks_insertions_and_deletions_and_links_both_ways() -> None:
    html = digest().html
    assert '<del class="mw-del"' in html and ">10</del>" in html
    assert '<ins class="mw-ins"' in html and ">5</ins>" in html
    assert 'href="https://mw.example.org/changes/31"' in html
    assert 'href="https://manual.example.org/chapter/visits"' in html
    assert "Removed:</strong>" in html and "Added:</strong>" in html


def test_html_is_table_layout_with_inline_css_and_dark_mode_styles() -> None:
    html = digest().html
    assert html.count('role="presentation"') >= 3
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert "<div" not in html, "Outlook lays out tables, not divs"
    body = html[html.index("<body"):]
    assert 'style="' in body.split(">")[0], "the body carries its own inline style"


@pytest.mark.parametrize("count", [3, 40])
def test_a_long_digest_is_cut_with_a_link_to_the_rest(count: int) -> None:
    many = [replace(CHANGE, kind="new", chapter_id=100 + i, number=f"9.{i}", title=f"Ch {i}",
                    id=100 + i) for i in range(count)]
    d = digest(changes=many, max_items=25)
    shown = min(count, 25)
    assert d.text.count("New: 9.") == shown
    if count > 25:
        assert f"This email shows 25 of {count} changes." in d.text
        assert f"See the other {count - 25}: https://mw.example.org/runs/4" in d.text
        assert "See the other 15</a>" in d.html
    else:
        assert "This email shows" not in d.text


def test_shared_parts_render_each_chapter_once_and_give_the_same_digest() -> None:
    diffs = {CHANGE.id: diff_chapter(OLD, NEW, "Visits")}
    parts = DigestParts(RUN, BASE, diffs)
    one = digest(parts=parts)
    assert digest(parts=parts).html == one.html == digest().html
    assert len(parts._items) == 1


def headers(url: str) -> email.message.EmailMessage:
    d = build_digest("reader@example.org", "norfolk-cs", "Norfolk Procedure Manual", RUN,
                     [CHANGE], BASE, url)
    msg = to_message(d, "Manualwatch <mw@example.org>",
                     unsubscribe_mailto="mailto:mw@example.org?subject=unsubscribe%20tok",
                     list_name="Norfolk manual changes")
    return email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)


def test_headers_thread_identify_the_list_and_offer_one_click_unsubscribe() -> None:
    msg = headers(f"{BASE}/unsubscribe/tok")
    assert msg["List-Unsubscribe"] == (
        "<https://mw.example.org/unsubscribe/tok>, "
        "<mailto:mw@example.org?subject=unsubscribe%20tok>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["List-Id"] == '"Norfolk manual changes" <norfolk-cs.manualwatch.example.org>'
    assert msg["Message-ID"].startswith("<manualwatch.norfolk-cs.run4.")
    assert msg["Date"] and msg["Auto-Submitted"] == "auto-generated"


def test_one_click_is_only_claimed_for_an_https_link() -> None:
    msg = headers("http://127.0.0.1:8000/unsubscribe/tok")
    assert "List-Unsubscribe-Post" not in msg
    assert msg["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/unsubscribe/tok>, <mailto:")
