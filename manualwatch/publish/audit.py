"""The publisher audit: where the publisher's own record and the text disagree.

Per run (against the run before it):
- silent_change: a chapter's text changed (updated or new) but no Updated/New marker appeared
  beside it and no entry for it appeared on the Amendments page;
- marker_without_change: a marker appeared, or an amendments entry appeared, for a chapter whose
  text did not change (a removed entry for a chapter still listed counts too);
- date_mismatch: a date the publisher gave the change (a row date set in this update, or the
  month of an entry that appeared) lies outside the window from the previous run to this one,
  widened by `[audit] date_tolerance_days`. Two runs on the same day leave no window a
  person could act on, so they give no date_mismatch.
- broken_link: a link in a listed chapter (to a linked document or another chapter) answered
  404/410 in the run; one finding per linking chapter, in every run that finds it dead.
Each finding says in one sentence what the publisher claimed and what we saw.
The manual's own Amendments page is never a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import sqlite_utils

from crawler.amendments import ListedAmendment, fold
from manualwatch.publish.audit_claims import RunClaims, run_claims
from notifier.kinds import number_key
from notifier.london import long_date
from notifier.models import AuditFinding
from store.documents import broken_links_for_run
from store.models import Change

TEXT_KINDS = ("new", "updated")
KIND_ORDER = {"silent_change": 0, "marker_without_change": 1, "date_mismatch": 2,
              "broken_link": 3}
MIN_NOTE_MATCH = 20  # characters of an Amendment note that must match an untitled entry


def audit(db: sqlite_utils.Database, manual: str, *, since: str | None = None,
          tolerance_days: int = 7) -> list[AuditFinding]:
    """Every finding of every published run of `manual` (on or after `since`), oldest first."""
    findings: list[AuditFinding] = []
    for claims in run_claims(db, manual, since):
        found = [*audit_run(claims, tolerance_days), *broken_links(db, claims)]
        findings.extend(sorted(found, key=lambda f: (number_key(f.number, f.title),
                                                     KIND_ORDER[f.kind])))
    return findings


def broken_links(db: sqlite_utils.Database, claims: RunClaims) -> list[AuditFinding]:
    """The dead links the run found, one finding per linking chapter."""
    return [AuditFinding(kind="broken_link", number=link.number, title=link.title,
                         url=link.url, detail=link.detail, date=claims.day,
                         run_id=claims.run.id, chapter_id=link.chapter_id, target=link.target)
            for link in broken_links_for_run(db, claims.run.id)]


def audit_run(claims: RunClaims, tolerance_days: int) -> list[AuditFinding]:
    """The findings of one run, in contents order."""
    matched = match_entries(claims)
    found = [*_silent(claims, matched), *_unchanged(claims, matched),
             *_dates(claims, matched, tolerance_days)]
    return sorted(found, key=lambda f: (number_key(f.number, f.title), KIND_ORDER[f.kind]))


def match_entries(claims: RunClaims) -> dict[str, list[ListedAmendment]]:
    """Chapter URL -> the amendments entries that appeared for it (by title, else by note)."""
    by_title: dict[str, str] = {}
    for url, row in claims.previous_rows.items():
        by_title.setdefault(fold(row.title), url)
    for change in claims.run.changes:
        if change.previous is not None:
            by_title[fold(change.previous.title)] = change.url
    for url, row in claims.rows.items():
        by_title[fold(row.title)] = url
    matched: dict[str, list[ListedAmendment]] = {}
    for entry in claims.entries:
        url = by_title.get(fold(entry.title)) if entry.title else _by_note(claims, entry)
        if url is not None and url not in claims.amendments_urls:
            matched.setdefault(url, []).append(entry)
    return matched


def _by_note(claims: RunClaims, entry: ListedAmendment) -> str | None:
    details = fold(entry.details)
    for url, note in claims.notes.items():
        note = fold(note)
        if len(note) >= MIN_NOTE_MATCH and (note in details or details in note):
            return url
    return None


def _finding(kind: str, claims: RunClaims, url: str, detail: str,
             change: Change | None = None) -> AuditFinding:
    row = claims.rows.get(url) or claims.previous_rows.get(url)
    number = change.number if change else (row.number if row else None)
    title = change.title if change else (row.title if row else "")
    return AuditFinding(kind=kind, number=number, title=title, url=url, detail=detail,
                        date=claims.day, run_id=claims.run.id,
                        chapter_id=change.chapter_id if change else 0)


def _silent(claims: RunClaims, matched: dict[str, list[ListedAmendment]]
            ) -> Iterable[AuditFinding]:
    for change in claims.changes:
        if change.kind not in TEXT_KINDS:
            continue
        if claims.marker_appeared(change.url) or change.url in matched:
            continue
        what = "was added" if change.kind == "new" else _text_change(change)
        yield _finding("silent_change", claims, change.url,
                       "The publisher gave no sign of a change (no Updated or New marker on "
                       "the contents page, no entry on the Amendments page), but we saw its "
                       f"text {what} {_window(claims)}.", change)


def _text_change(change: Change) -> str:
    counts = ", ".join(f"{n} word{'' if n == 1 else 's'} {verb}" for n, verb in
                       ((change.words_added, "added"), (change.words_removed, "removed")) if n)
    quoted = ", ".join(f"\u201c{section}\u201d" for section in change.sections)
    where = f" in {quoted}" if quoted else ""
    return f"changed{where}" + (f" ({counts})" if counts else "")


def _unchanged(claims: RunClaims, matched: dict[str, list[ListedAmendment]]
               ) -> Iterable[AuditFinding]:
    kinds = {c.url: c.kind for c in claims.changes}
    marked = {url for url in claims.rows if claims.marker_appeared(url)}
    for url in sorted(marked | set(matched)):
        if url in claims.amendments_urls or claims.failed(url):
            continue
        entries = matched.get(url, [])
        removed_claim = entries and all(e.kind == "removed" for e in entries)
        if kinds.get(url) in TEXT_KINDS or (removed_claim and kinds.get(url) == "removed"):
            continue
        yield _finding("marker_without_change", claims, url,
                       f"The publisher claimed a change ({_claim_words(claims, url, entries)}),"
                       f" but we saw no change to its text {_window(claims)}.")


def _claim_words(claims: RunClaims, url: str, entries: list[ListedAmendment]) -> str:
    said = []
    row = claims.rows.get(url)
    if row is not None and claims.marker_appeared(url):
        dated = f" dated {long_date(row.date)}" if row.date else ""
        article = "an" if (row.flag or "")[:1].lower() in "aeiou" else "a"
        said.append(f"{article} {row.flag} marker appeared on the contents page{dated}")
    for entry in entries:
        said.append(f"the Amendments page lists it under {_month_label(entry.month)} "
                    f"({entry.kind})")
    return " and ".join(said)


def _window(claims: RunClaims) -> str:
    """'between 2 March 2026 and 1 June 2026' (the runs that bracket what we saw)."""
    return (f"between {long_date(claims.previous_day)} and {long_date(claims.day)}"
            if claims.previous_day != claims.day else f"on {long_date(claims.day)}")


def _month_label(month: str) -> str:
    return f"{date.fromisoformat(month + '-01'):%B %Y}"


def _dates(claims: RunClaims, matched: dict[str, list[ListedAmendment]],
           tolerance_days: int) -> Iterable[AuditFinding]:
    if claims.previous_day == claims.day:
        return
    slack = timedelta(days=tolerance_days)
    start = date.fromisoformat(claims.previous_day) - slack
    end = date.fromisoformat(claims.day) + slack
    for change in claims.changes:
        if change.kind not in TEXT_KINDS:
            continue
        wrong = []
        row_date = claims.date_set(change.url)
        if row_date and not start <= date.fromisoformat(row_date) <= end:
            wrong.append(f"{long_date(row_date)} on the contents page")
        for entry in matched.get(change.url, []):
            first = date.fromisoformat(entry.month + "-01")
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            if last < start or first > end:
                wrong.append(f"{_month_label(entry.month)} on the Amendments page")
        if wrong:
            yield _finding("date_mismatch", claims, change.url,
                           f"The publisher dated this change {' and '.join(wrong)}, but we saw "
                           f"its text change {_window(claims)} (allowing {tolerance_days} "
                           f"day{'' if tolerance_days == 1 else 's'} either side).", change)


def to_json(findings: Iterable[AuditFinding]) -> dict:
    """The `manualwatch audit --json` document."""
    return {"findings": [
        {"kind": f.kind, "number": f.number, "title": f.title, "url": f.url, "detail": f.detail,
         "date": f.date, "run_id": f.run_id, **({"target": f.target} if f.target else {})}
        for f in findings]}
