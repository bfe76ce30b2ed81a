"""The audit's rules at their edges, on hand-made claims: untitled entries matched by the
chapter's Amendment note, removals, renames, unfetched pages, month-only dates and tolerance."""

from __future__ import annotations

from crawler.amendments import ListedAmendment
from manualwatch.publish.audit import audit_run
from manualwatch.publish.audit_claims import Row, RunClaims
from store.models import Change, PreviousRef, Run

BASE = "https://x.trixonline.co.uk/chapter/"


def run(run_id: int, day: str, changes=(), errors=()) -> Run:
    return Run(id=run_id, manual="m", status="ok", baseline=False, started_at=f"{day}T02:00:00Z",
               finished_at=None, errors=tuple(errors), changes=tuple(changes))


def row(slug: str, number: str, title: str, flag=None, date=None) -> Row:
    return Row(BASE + slug, number, title, flag, date)


def change(kind: str, slug: str, number: str, title: str, **fields) -> Change:
    return Change(kind=kind, chapter_id=1, number=number, title=title, url=BASE + slug,
                  previous=fields.pop("previous", PreviousRef(number, title, BASE + slug)),
                  **fields)


def claims(changes, rows, previous_rows, entries=(), notes=None, errors=()) -> RunClaims:
    return RunClaims(run=run(2, "2026-06-01", changes, errors), previous=run(1, "2026-03-02"),
                     rows={r.url: r for r in rows}, previous_rows={r.url: r for r in previous_rows},
                     entries=tuple(entries), notes=notes or {})


def kinds(found) -> list[tuple[str, str]]:
    return [(f.kind, f.number) for f in found]


def test_an_untitled_entry_is_matched_by_the_chapters_note() -> None:
    note = "This chapter was refreshed in May 2026."
    c = claims([change("updated", "a", "1.1", "A", words_added=2)], [row("a", "1.1", "A")],
               [row("a", "1.1", "A")], [ListedAmendment("2026-05", "updated", "", note)],
               notes={BASE + "a": note})
    assert kinds(audit_run(c, 7)) == []


def test_a_removal_entry_for_a_chapter_still_listed_is_a_claim_without_change() -> None:
    c = claims([], [row("a", "1.1", "A")], [row("a", "1.1", "A")],
               [ListedAmendment("2026-05", "removed", "A", "")])
    assert kinds(audit_run(c, 7)) == [("marker_without_change", "1.1")]
    gone = claims([change("removed", "a", "1.1", "A")], [], [row("a", "1.1", "A")],
                  [ListedAmendment("2026-05", "removed", "A", "")])
    assert kinds(audit_run(gone, 7)) == []


def test_a_marker_on_a_renamed_chapter_is_a_claim_without_change() -> None:
    renamed = change("renamed", "a", "1.1", "A2", previous=PreviousRef("1.1", "A", BASE + "a"))
    c = claims([renamed], [row("a", "1.1", "A2", "Updated")], [row("a", "1.1", "A")])
    assert kinds(audit_run(c, 7)) == [("marker_without_change", "1.1")]


def test_a_marker_that_was_already_there_is_no_claim() -> None:
    c = claims([change("updated", "a", "1.1", "A")], [row("a", "1.1", "A", "Updated")],
               [row("a", "1.1", "A", "Updated")])
    assert kinds(audit_run(c, 7)) == [("silent_change", "1.1")]
    unchanged = claims([], [row("b", "1.2", "B", "New")], [row("b", "1.2", "B", "New")])
    assert kinds(audit_run(unchanged, 7)) == []


def test_an_unfetched_marked_page_is_no_finding() -> None:
    c = claims([], [row("a", "1.1", "A", "Updated")], [row("a", "1.1", "A")],
               errors=[{"url": BASE + "a", "error": "HTTP 500"}])
    assert kinds(audit_run(c, 7)) == []


def test_dates_are_checked_against_the_widened_window() -> None:
    def dated(row_date: str, month: str, tolerance: int) -> list:
        c = claims([change("updated", "a", "1.1", "A")],
                   [row("a", "1.1", "A", "Updated", row_date)], [row("a", "1.1", "A")],
                   [ListedAmendment(month, "updated", "A", "x")])
        return kinds(audit_run(c, tolerance))

    assert dated("2026-04-10", "2026-04", 7) == []
    assert dated("2026-02-24", "2026-02", 7) == []  # within 7 days before 2 March; month overlaps
    assert dated("2026-02-20", "2026-03", 7) == [("date_mismatch", "1.1")]
    assert dated("2026-02-20", "2026-03", 10) == []
    assert dated("2026-06-05", "2026-07", 7) == [("date_mismatch", "1.1")]  # July starts too late
