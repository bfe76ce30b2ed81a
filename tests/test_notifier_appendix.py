"""The amendments appendix groups changes by year, month and kind (New / Updated / Removed /
Renamed or Moved), in HTML, Markdown and JSON; quotes new Amendment notes; links our diffs."""

from __future__ import annotations

import json
import os
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from notifier.appendix import (
    build_amendments,
    render_html,
    render_markdown,
    to_json,
    updates_from_changes,
)
from notifier.details import details_for
from notifier.models import AuditFinding, ChangeSources
from store.models import Change, PreviousRef

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PLACES = ("contract.schema.json", "docs/contract.schema.json", "tests/contract.schema.json")
TITLE = "Norfolk Children's Services Procedure Manual"
BASE = "https://norfolkcs.trixonline.co.uk/chapter/"


def rec(kind: str, number: str, title: str, **fields) -> Change:
    slug = re.sub(r"[^a-z]+", "-", title.lower()).strip("-")
    return Change(kind=kind, chapter_id=hash(title) % 1000, number=number, title=title,
                  url=fields.pop("url", BASE + slug), **fields)


UPDATES = [
    ("2025-12-03", [
        rec("updated", "1.1.3", "Capacity and Consent", words_added=42, words_removed=7,
            sections=("3. Key Principles",)),
        rec("renumbered", "2.4", "Short Breaks",
            previous=PreviousRef("2.3", "Short Breaks", BASE + "short-breaks")),
    ]),
    ("2026-06-14", [rec("new", "5.1.7", "Staying Put")]),
    ("2026-06-02", [
        rec("removed", "4.2", "Secure Accommodation"),
        rec("renamed", "3.1", "Private Fostering Arrangements",
            previous=PreviousRef("3.1", "Private Fostering",
                                 BASE + "private-fostering-arrangements")),
        rec("moved", "1.6.1", "Children Missing from Home",
            previous=PreviousRef("1.6.1", "Children Missing from Home", BASE + "old-missing")),
        rec("new", "5.1.2", "Pathway Plans"),
    ]),
    ("2026-11-22", [rec("updated", "1.2", "Contacts and Referrals", words_added=3,
                        sections=("Amendment",))]),
]


@pytest.fixture
def doc():
    return build_amendments(UPDATES)


def test_grouped_by_year_then_month_newest_first(doc) -> None:
    outline = [(y.year, [m.label for m in y.months]) for y in doc.years]
    assert outline == [(2026, ["November 2026", "June 2026"]), (2025, ["December 2025"])]


def test_a_month_has_one_table_per_kind_in_reading_order(doc) -> None:
    june = doc.years[0].months[1]
    assert [t.heading for t in june.tables] == [
        "New Chapters", "Removed Chapters", "Renamed or Moved Chapters"]
    assert [e.kind for e in june.tables[2].entries] == ["moved", "renamed"]  # by number
    new = june.tables[0]
    assert [(e.number, e.date) for e in new.entries] == [("5.1.7", "2026-06-14"),
                                                        ("5.1.2", "2026-06-02")]


def test_renumbered_only_records_are_left_out(doc) -> None:
    december = doc.years[1].months[0]
    assert [t.heading for t in december.tables] == ["Updated Chapters"]
    assert "Short Breaks" not in render_html(doc, TITLE)
    assert "Short Breaks" not in json.dumps(to_json(doc, "norfolk-cs"))


def test_a_day_with_only_renumbered_records_is_no_update() -> None:
    only = [("2026-01-05", [rec("renumbered", "2.4", "Short Breaks",
                                 previous=PreviousRef("2.3", "Short Breaks", BASE))])]
    assert to_json(build_amendments(only), "m") == {"manual": "m", "updates": []}


def test_days_come_from_the_london_calendar() -> None:
    late = rec("new", "1.1", "Late Night", seen_at="2026-06-30T23:30:00Z")  # 00:30 BST, 1 July
    winter = rec("new", "1.2", "Winter", seen_at="2026-12-31T23:30:00Z")  # GMT: still 31 Dec
    days = [day for day, _ in updates_from_changes([late, winter])]
    assert days == ["2026-12-31", "2026-07-01"]


class _Page(HTMLParser):
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


def test_html_is_a_complete_responsive_page(doc) -> None:
    page = render_html(doc, TITLE)
    parser = _Page()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert 'name="viewport"' in page and "overflow-wrap: anywhere" in page
    assert parser.tags.count("table") == 5 and "script" not in parser.tags
    assert parser.links["Capacity and Consent"] == BASE + "capacity-and-consent"
    assert "Norfolk Children&#39;s Services Procedure Manual" in page
    assert escape(details_for(UPDATES[0][1][0])) in page  # Details come from the record


def test_html_escapes_titles_and_refuses_script_links() -> None:
    evil = rec("new", "9.9", "<script>alert('x')</script> & more", url="javascript:alert(1)")
    page = render_html(build_amendments([("2026-02-01", [evil])]), "A <b> manual")
    parser = _Page()
    parser.feed(page)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in page
    assert "A &lt;b&gt; manual" in page
    assert "javascript:" not in page and "script" not in parser.tags


def test_markdown_has_headings_tables_and_links(doc) -> None:
    md = render_markdown(doc, TITLE)
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings[:6] == ["# Amendments: Norfolk Children's Services Procedure Manual",
                            "## 2026", "### November 2026", "#### Updated Chapters",
                            "### June 2026", "#### New Chapters"]
    assert ("| 5.1.7 [Staying Put](https://norfolkcs.trixonline.co.uk/chapter/staying-put)"
            " | This chapter was added to the manual. |") in md.splitlines()
    assert "| Chapter | Details |" in md


def test_markdown_escapes_special_characters_in_titles() -> None:
    odd = rec("new", "1.1", "Care [Leavers] | *Pathway* <Plans> _x_ `c`",
              url="https://example.org/a (b)")
    md = render_markdown(build_amendments([("2026-02-01", [odd])]), "T")
    row = next(line for line in md.splitlines() if line.startswith("| 1.1"))
    assert row == (r"| 1.1 [Care \[Leavers\] \| \*Pathway\* \<Plans\> \_x\_ \`c\`]"
                   "(https://example.org/a%20%28b%29) | This chapter was added to the manual. |")


def contract_schema() -> dict:
    """The contract's JSON Schema, kept in the repository beside the contract."""
    places = [os.environ.get("MANUALWATCH_CONTRACT_SCHEMA", "")]
    places += [str(ROOT / place) for place in SCHEMA_PLACES]
    found = next((Path(p) for p in places if p and Path(p).is_file()), None)
    assert found, f"contract.schema.json not found in {', '.join(SCHEMA_PLACES)}"
    return json.loads(found.read_text())


def test_json_matches_the_contract(doc) -> None:
    schema = contract_schema()
    out = to_json(doc, "norfolk-cs")
    jsonschema.validate(out, {**schema, "$ref": "#/$defs/amendmentsOutput"})
    assert [u["date"] for u in out["updates"]] == [
        "2026-11-22", "2026-06-14", "2026-06-02", "2025-12-03"]
    without_details = json.loads(json.dumps(out))
    del without_details["updates"][0]["changes"][0]["details"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(without_details, {**schema, "$ref": "#/$defs/amendmentsOutput"})
    first = out["updates"][0]["changes"][0]
    assert first == {"kind": "updated", "number": "1.2", "title": "Contacts and Referrals",
                     "url": BASE + "contacts-and-referrals",
                     "details": details_for(UPDATES[3][1][0])}


def test_same_day_given_twice_is_one_update() -> None:
    out = to_json(build_amendments([("2026-03-01", [rec("new", "1.1", "A")]),
                                    ("2026-03-01", [rec("new", "1.2", "B")])]), "m")
    assert [[c["title"] for c in u["changes"]] for u in out["updates"]] == [["A", "B"]]


OLD = ("## Amendment\nThis chapter was updated in May 2025.\n## 3. Key Principles\n"
       "Children come first.")
NEW = ("## Amendment\nThis chapter was updated in June 2026.\n## 3. Key Principles\n"
       "Children come first, always.")


def sourced() -> tuple[list, dict]:
    change = rec("updated", "1.1.3", "Capacity and Consent", id=7, words_added=3, words_removed=2,
                 sections=("Amendment", "3. Key Principles"), from_version_id=1, to_version_id=2)
    added = rec("new", "5.1.7", "Staying Put", id=8, to_version_id=3)
    sources = {7: ChangeSources(OLD, NEW, "This chapter was updated in May 2025.",
                                "This chapter was updated in June 2026."),
               8: ChangeSources(None, "Body", None, "This chapter was added in June 2026.")}
    return [("2026-06-01", [change, added])], sources


def test_a_changed_amendment_note_is_quoted_in_every_format() -> None:
    updates, sources = sourced()
    doc = build_amendments(updates, sources)
    out = to_json(doc, "m")["updates"][0]["changes"]
    assert out[0]["details"].endswith(
        "Its Amendment note now reads: \u201cThis chapter was updated in June 2026.\u201d")
    assert out[1]["details"].endswith("Its Amendment note reads: \u201cThis chapter was added in"
                                      " June 2026.\u201d")
    assert "<q>This chapter was updated in June 2026.</q>" in render_html(doc, TITLE)
    same = {7: ChangeSources(OLD, NEW, "Same note.", "Same note.")}
    assert "reads" not in to_json(build_amendments(updates, same), "m")["updates"][0][
        "changes"][0]["details"]


def test_each_updated_chapter_links_to_its_diff_in_the_page() -> None:
    updates, sources = sourced()
    doc = build_amendments(updates, sources)
    page = render_html(doc, TITLE)
    assert '<a href="#diff-7" class="ourdiff"' in page and 'id="diff-7"' in page
    assert '<tr class="updated" id="row-7">' in page and 'href="#row-7"' in page
    assert "<ins" in page and "always." in page and "diff-8" not in page  # new: no diff
    md = render_markdown(doc, TITLE)
    assert "([our diff](#diff-7))" in md and '<a id="diff-7"></a>' in md
    assert "{+always.+}" in md or "always." in md.split("## Changes in detail")[1]


def test_the_audit_is_shown_when_given() -> None:
    finding = AuditFinding("silent_change", "5.2.2", "Looked After Reviews", BASE + "lar",
                           "Its text changed.", "2026-06-01", 2)
    page = render_html(build_amendments(UPDATES, audit=[finding]), TITLE)
    assert 'id="audit"' in page and '<tr class="silent_change">' in page
    assert "Its text changed." in page
    clean = render_html(build_amendments(UPDATES, audit=[]), TITLE)
    assert "No disagreements" in clean
    assert 'id="audit"' not in render_html(build_amendments(UPDATES), TITLE)
    assert "| Silent change | 5.2.2 [Looked After Reviews]" in render_markdown(
        build_amendments(UPDATES, audit=[finding]), TITLE)
