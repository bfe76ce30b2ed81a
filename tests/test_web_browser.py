"""The review application in real headless Chromium, on a database filled by real runs over
the sample manual's editions: dashboard, filtered change list, a change's marked words,
compare, search of a phrase only an old version holds, sign-off, CSV export, and
acknowledgement from a digest link. Every page loads with no console error and no CSP
violation."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result
from playwright.sync_api import Locator, Page

from differ import diff_chapter, shape_of
from manualwatch.cli import cli
from store.changes import changes_for_run
from store.versions import get_version
from tests.browser import chromium, watch_console
from tests.conftest import Manualwatch
from tests.webapp import STAFF, Reviewed, serving, walk_with_mail

REVIEWER, PASSWORD = "Ada Reviewer", "correct horse battery"
CSP_WATCH = ("document.addEventListener('securitypolicyviolation', e => console.error("
             "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Reviewed:
    reviewed = walk_with_mail(tmp_path_factory.mktemp("web-browser"))
    added = result_of(Manualwatch(reviewed.config_path), "reviewer", "add", REVIEWER,
                      "--password-stdin", stdin=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    return reviewed


def result_of(mw: Manualwatch, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--config", str(mw.config), *args], input=stdin,
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def site(reviewed: Reviewed) -> Iterator[str]:
    with serving(reviewed.config) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as chrome:
        yield chrome


@pytest.fixture
def page(browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1200, "height": 900},
                                  java_script_enabled=True, accept_downloads=True)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    errors = watch_console(page)
    yield page, errors
    context.close()
    assert errors == [], errors


def open_changes(reviewed: Reviewed) -> int:
    return sum(len(r.changes) for r in reviewed.runs.values())



def follow(tab: Page, target: str | Locator) -> None:
    """Click a link or submit button and wait until the page it loads has loaded, so what the
    test reads next is the new page, never the old one."""
    with tab.expect_navigation():
        (tab.locator(target) if isinstance(target, str) else target).click()


def test_dashboard_shows_runs_awaiting_sections_and_chart(page, site, reviewed) -> None:
    tab, _ = page
    tab.goto(site + "/")
    assert tab.locator("#awaiting").inner_text() == str(open_changes(reviewed))
    assert tab.locator("table.runs tbody tr").count() == 3
    # edition 3 plants a listed chapter answering 404, so that run is partial
    assert [r.status for r in reviewed.runs.values()] == ["ok", "ok", "partial"]
    assert tab.locator("table.runs .status-ok").count() == 2
    assert tab.locator("table.runs .status-partial").count() == 1
    assert tab.locator("svg.chart rect.bar").count() >= 2
    assert "5. Looked After Children" in tab.locator("table.sections").inner_text()
    assert "Current as of" in tab.locator(".asof").inner_text()
    follow(tab, "nav >> text=Changes")
    assert tab.locator("#match-count").inner_text().startswith(str(open_changes(reviewed)))


def test_change_list_filters_with_a_shareable_url(page, site, reviewed) -> None:
    tab, _ = page
    tab.goto(site + "/changes")
    tab.select_option("select[name=kind]", "updated")
    tab.select_option("select[name=section]", "5. Looked After Children")
    follow(tab, "form.filters button[type=submit]")
    assert "kind=updated" in tab.url and "section=5.+Looked+After+Children" in tab.url
    expected = [c for r in reviewed.runs.values() for c in r.changes
                if c.kind == "updated" and c.section == "5. Looked After Children"]
    rows = tab.locator("tr.change-row")
    assert rows.count() == len(expected) > 0
    assert sorted(rows.locator("td:nth-child(3) a").all_inner_texts()) == \
        sorted(f"{c.number} {c.title}" for c in expected)
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {"Updated"}
    tab.goto(tab.url)  # the URL alone gives the same list
    assert tab.locator("tr.change-row").count() == len(expected)


def test_change_page_marks_inserted_words(page, site, reviewed) -> None:
    tab, _ = page
    change = next(c for c in reviewed.runs[2].changes if c.kind == "updated"
                  and c.title == "Section 47 Enquiries")
    old = get_version(reviewed.db, change.from_version_id).text
    new = get_version(reviewed.db, change.to_version_id).text
    inserted = [op.text for line in diff_chapter(old, new, change.title).lines
                for op in shape_of(line).ops if op.kind == "insert"]
    tab.goto(site + "/changes")
    follow(tab, f"a:text-is('{change.number} {change.title}')")
    assert tab.locator("h1").inner_text() == f"{change.number} {change.title}"
    assert tab.locator("#inline .mw-diff ins").all_inner_texts() == inserted
    assert tab.locator("#side-by-side td.mw-new ins").all_inner_texts() == inserted
    assert f"+{change.words_added}" in tab.locator("#summary").inner_text()
    assert tab.locator("a.live").get_attribute("href") == change.url
    assert tab.locator("dd.kind").inner_text().startswith("Updated")


def test_compare_two_versions_of_a_chapter(page, site, reviewed) -> None:
    tab, _ = page
    amendments = [c for r in reviewed.runs.values() for c in r.changes if c.number == "7.4"]
    assert len(amendments) == 2  # the Amendments chapter changed in both editions
    first, last = amendments[0].from_version_id, amendments[1].to_version_id
    tab.goto(site + f"/changes/{amendments[1].id}")
    follow(tab, "text=chapter history")
    assert tab.locator("li.version").count() == 3
    tab.select_option("#compare-form select[name=from]", str(first))
    tab.select_option("#compare-form select[name=to]", str(last))
    follow(tab, "#compare-form button")
    old = get_version(reviewed.db, first).text
    new = get_version(reviewed.db, last).text
    diff = diff_chapter(old, new, "Amendments")
    inserted = [op.text for line in diff.lines
                for op in shape_of(line).ops if op.kind == "insert"]
    assert tab.locator("#inline .mw-diff ins").all_inner_texts() == inserted
    assert f"+{diff.words_added}" in tab.locator("#summary").inner_text()


def _old_only_phrase(reviewed: Reviewed) -> tuple[str, str]:
    """Words a change deleted that no current version holds, and the chapter's title."""
    current = " ".join(r[0] for r in reviewed.db.execute(
        "SELECT text FROM versions WHERE id IN (SELECT max(id) FROM versions"
        " GROUP BY chapter_id)").fetchall()).casefold()
    for run in (reviewed.runs[2], reviewed.runs[3]):
        for change in run.changes:
            if change.kind != "updated":
                continue
            old = get_version(reviewed.db, change.from_version_id).text
            new = get_version(reviewed.db, change.to_version_id).text
            for line in diff_chapter(old, new, change.title).lines:
                deleted = [op.text for op in line.ops if op.kind == "delete"]
                text = line.old_text() or ""
                for gone in deleted:
                    start = text.find(gone)
                    phrase = text[max(0, start - 20):start + len(gone)].split(" ", 1)[-1]
                    if len(phrase.split()) >= 3 and phrase.casefold() not in current:
                        return phrase, change.title
    raise AssertionError("no deleted phrase found")


def test_search_finds_a_phrase_only_an_old_version_holds(page, site, reviewed) -> None:
    tab, _ = page
    phrase, title = _old_only_phrase(reviewed)
    tab.goto(site + "/")
    follow(tab, "nav >> text=Search")
    tab.fill("input[name=q]", f'"{phrase}"')
    follow(tab, "form[role=search] button")
    hit = tab.locator("li.hit", has_text=title)
    assert hit.count() == 1
    assert hit.locator(".past-only").inner_text() == "only in past versions"
    assert hit.locator(".versions a.current").count() == 0
    assert hit.locator(".versions a.past").count() >= 1
    marked = " ".join(hit.locator("mark").all_inner_texts()).casefold()
    assert phrase.split()[-1].casefold().strip(".,;:") in marked
    follow(tab, hit.locator(".versions a.past").first)
    assert "(since replaced)" in tab.locator(".asof-version").inner_text()
    assert phrase in tab.locator("article.chapter-text").inner_text()


def test_sign_off_then_export_the_csv(page, site, reviewed) -> None:
    tab, _ = page
    change = reviewed.runs[3].changes[0]
    tab.goto(site + f"/changes/{change.id}")
    assert tab.locator("#review-state").inner_text() == "awaiting review"
    follow(tab, "text=Sign in as a reviewer")
    tab.fill("input[name=name]", REVIEWER)
    tab.fill("input[name=password]", PASSWORD)
    follow(tab, "form.stack button")
    assert tab.url.endswith(f"/changes/{change.id}")
    tab.check("input[value=action_needed]")
    tab.fill("textarea[name=note]", "Update the visit recording guidance; =cmd")
    follow(tab, "#signoff button")
    assert tab.locator("#review-state").inner_text() == "action needed"
    assert REVIEWER in tab.locator("p.signoff").inner_text()
    tab.goto(site + "/")
    assert tab.locator("#awaiting").inner_text() == str(open_changes(reviewed) - 1)
    with tab.expect_download() as download:
        tab.click("text=Download the sign-off audit trail (CSV)")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [(r["reviewer"], r["decision"], r["change_id"], r["title"]) for r in rows] == \
        [(REVIEWER, "action_needed", str(change.id), change.title)]
    assert rows[0]["note"] == "Update the visit recording guidance; =cmd"
    cli = result_of(Manualwatch(reviewed.config_path), "reviews", "--since", "2000-01-01",
                    "--csv")
    assert list(csv.DictReader(io.StringIO(cli.output))) == rows


def _digest_link(reviewed: Reviewed, site: str, edition: int) -> tuple[str, list]:
    """The personal link printed in the digest the staff member got for an edition's run
    (read from the queued message itself), pointed at the server under test."""
    run_id, source = reviewed.db.execute(
        "SELECT run_id, message FROM outbox WHERE run_id = ?",
        [reviewed.runs[edition].id]).fetchone()
    message = email.message_from_string(source, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    path = re.search(r"I have read these changes: \S+?(/ack/\S+)", text).group(1)
    return site + path, changes_for_run(reviewed.db, run_id)


def test_acknowledge_from_a_digest_link(page, site, reviewed) -> None:
    tab, _ = page
    link, changes = _digest_link(reviewed, site, 3)
    tab.goto(link)
    assert tab.locator("ul.ack-changes li").count() == len(changes)
    assert STAFF in tab.locator("main").inner_text()
    follow(tab, "#acknowledge")
    assert "Recorded" in tab.locator("#acknowledged").inner_text()
    follow(tab, "ul.ack-changes a >> nth=0")
    # signed out, the change page counts readers and names nobody
    assert tab.locator("#read-count").inner_text() == "1 of 1 staff have read this."
    assert STAFF not in tab.locator("main").inner_text()
    read_page = tab.url
    tab.click("text=Sign in as a reviewer")
    tab.fill("input[name=name]", REVIEWER)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("form.stack button")
    assert tab.url == read_page
    assert tab.locator("ul.acks li.current").inner_text().startswith(STAFF)
    assert tab.locator("#outstanding").count() == 0
    # the Amendments chapter changed in edition 2 and again in 3: reading the edition 2
    # digest now is an acknowledgement of a version no longer in force
    earlier = next(c for c in reviewed.runs[2].changes if c.number == "7.4")
    old_link, _ = _digest_link(reviewed, site, 2)
    tab.goto(site + f"/changes/{earlier.id}")
    assert tab.locator("#outstanding").inner_text() == STAFF
    tab.goto(old_link)
    follow(tab, "#acknowledge")
    tab.goto(site + f"/changes/{earlier.id}")
    assert tab.locator("ul.acks li.stale").inner_text().startswith(STAFF)
    assert "stale" in tab.locator("ul.acks li.stale").inner_text()
    assert tab.locator("#outstanding").count() == 0
