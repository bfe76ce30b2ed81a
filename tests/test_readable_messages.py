"""Messages a person acts on, in plain words: audit findings that say what the publisher
claimed and what we saw (and no date mismatch for two runs on one day), the run summary
naming skipped rows, errors and the appendix it wrote, and the admin alert's wording."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.amendments import ListedAmendment
from manualwatch.config import ManualConfig
from manualwatch.cycle.report import run_summary
from manualwatch.ops.alerts import alert_text
from manualwatch.publish.audit import audit_run
from manualwatch.publish.audit_claims import RunClaims
from store.models import Run
from tests.conftest import Manualwatch, write_config
from tests.test_audit_rules import change, row, run


def _claims(previous_day: str, day: str, changes, rows, previous_rows, entries=()):
    return RunClaims(run=run(2, day, changes), previous=run(1, previous_day),
                     rows={r.url: r for r in rows}, previous_rows={r.url: r for r in previous_rows},
                     entries=tuple(entries), notes={})


def test_each_finding_says_what_the_publisher_claimed_and_what_we_saw() -> None:
    updated = change("updated", "a", "1.1", "A", words_added=3, sections=("2. Scope",))
    c = _claims("2026-03-02", "2026-06-01",
                [updated, change("updated", "b", "1.2", "B", words_added=1)],
                [row("a", "1.1", "A"), row("b", "1.2", "B", "Updated", "2025-01-10"),
                 row("c", "1.3", "C", "New", "2026-05-20")],
                [row("a", "1.1", "A"), row("b", "1.2", "B"), row("c", "1.3", "C")])
    details = {f.kind + " " + f.number: f.detail for f in audit_run(c, 7)}
    assert details == {
        "silent_change 1.1": "The publisher gave no sign of a change (no Updated or New marker"
        " on the contents page, no entry on the Amendments page), but we saw its text changed"
        " in \u201c2. Scope\u201d (3 words added) between 2 March 2026 and 1 June 2026.",
        "marker_without_change 1.3": "The publisher claimed a change (a New marker appeared on"
        " the contents page dated 20 May 2026), but we saw no change to its text between"
        " 2 March 2026 and 1 June 2026.",
        "date_mismatch 1.2": "The publisher dated this change 10 January 2025 on the contents"
        " page, but we saw its text change between 2 March 2026 and 1 June 2026 (allowing 7"
        " days either side).",
    }


def test_two_runs_on_one_day_give_no_date_mismatch() -> None:
    updated = change("updated", "a", "1.1", "A", words_added=1)
    entry = ListedAmendment("2020-08", "updated", "A", "x")
    same_day = _claims("2026-12-02", "2026-12-02", [updated],
                       [row("a", "1.1", "A", "Updated", "2020-08-01")], [row("a", "1.1", "A")],
                       [entry])
    assert [f.kind for f in audit_run(same_day, 7)] == []
    next_day = _claims("2026-12-01", "2026-12-02", [updated],
                       [row("a", "1.1", "A", "Updated", "2020-08-01")], [row("a", "1.1", "A")],
                       [entry])
    assert [f.kind for f in audit_run(next_day, 7)] == ["date_mismatch"]


RUN = Run(id=7, manual="norfolk-cs", status="failed", baseline=False,
          started_at="2026-12-02T11:20:00Z", finished_at="2026-12-02T11:21:05Z",
          errors=({"url": "https://m.example/x", "error": "https://m.example/x: HTTP 404"},),
          skipped=tuple({"url": f"https://other.example/{n}", "reason": "off-site"}
                        for n in range(4)))


def test_the_run_summary_names_skipped_rows_errors_once_and_the_appendix() -> None:
    lines = run_summary(RUN, Path("output/norfolk-cs/amendments.html")).splitlines()
    assert lines[1:] == [
        "  no changes",
        "  skipped    4 rows of the contents not fetched:",
        "             https://other.example/0 (off-site)",
        "             https://other.example/1 (off-site)",
        "             https://other.example/2 (off-site)",
        "             https://other.example/3 (off-site)",
        "  error      https://m.example/x: HTTP 404",
        "  appendix   output/norfolk-cs/amendments.html",
    ]


def test_a_contents_page_that_fails_is_named_once(tmp_path: Path) -> None:
    nowhere = "http://127.0.0.1:9/contents/contents"  # the discard port: nobody answers
    mw = Manualwatch(write_config(tmp_path, nowhere))
    data = json.loads(mw("run", "--json").stdout)
    assert nowhere not in data["runs"][0]["errors"][0]["error"]
    shown = mw("run").stdout
    assert shown.count(nowhere) == 1, shown


def test_the_admin_alert_reads_as_a_sentence_with_london_times() -> None:
    manual = ManualConfig(name="norfolk-cs", title="Norfolk Children's Services",
                          contents_url="https://m.example/contents")
    text = alert_text(RUN, manual).splitlines()
    assert text[:2] == ["manualwatch run 7 of Norfolk Children's Services (norfolk-cs) failed.",
                        "Started 2 Dec 2026 11:20 GMT, finished 2 Dec 2026 11:21 GMT."]
    assert "- https://m.example/x: HTTP 404" in text


def test_reviews_show_times_in_london_like_every_other_command(tmp_path: Path) -> None:
    from store.reviews import sign_off
    from tests.test_web_signoff import TEXTS, chapter_store

    config = write_config(tmp_path, "http://127.0.0.1:9/contents")
    db, (one, _) = chapter_store(tmp_path / "manualwatch.db", TEXTS)
    sign_off(db, one.id, reviewer="ada", decision="no_action", note="",
             now="2026-07-02T09:00:00Z")
    shown = Manualwatch(config)("reviews").stdout
    assert shown.startswith("2 Jul 2026 10:00 BST  ada  no_action  "), shown
    assert "2026-07-02T09:00:00Z" not in shown
