"""`history`, `diff --from/--to DATE|VERSION --format text|html|json`, `show --on DATE` and the
grouped edits of `changes`, over a store holding three dated runs of two chapters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import open_database
from store.changes import add_change
from store.chapters import create_chapter
from store.models import Change, PreviousRef
from store.runs import finish_run, start_run
from store.versions import add_version
from tests.conftest import Manualwatch, write_config

DAYS = ("2026-03-02T02:00:00Z", "2026-06-01T02:00:00Z", "2026-09-07T02:00:00Z")
SENTENCE = "Managers must sign off every plan within 5 working days."
FORM_V1 = ("Referral Form", "https://m.example/forms/referral-v1.docx")
FORM_V2 = ("Referral Form", "https://m.example/forms/referral-v2.docx")


def _text(n: int, edition: int) -> str:
    lines = ["## 1. Purpose", f"Chapter {n} sets out the procedure <b>now</b>.",
             "## 3. Key Principles", "The child must be seen alone."]
    if edition >= 2:
        lines[3] = "The child should be seen alone."
    if edition >= 3:
        lines.append(SENTENCE)
    return "\n".join(lines)


def _fill(db_path: Path) -> None:
    db = open_database(db_path)
    ids = {}
    previous: dict[int, int] = {}
    for edition, day in enumerate(DAYS, 1):
        run = start_run(db, "sample", day)
        for n in (1, 2):
            if edition == 1:
                ids[n] = create_chapter(db, "sample", url=f"https://m.example/chapter/c{n}",
                                        number=f"1.{n}", numbers=[f"1.{n}"], title=f"Chapter {n}",
                                        section="1. All", flag=None, run_id=run)
            link = FORM_V1 if edition < 3 else FORM_V2
            version = add_version(db, chapter_id=ids[n], run_id=run, seen_at=day,
                                  text=_text(n, edition), links=[link])
            if edition > 1:
                add_change(db, Change("updated", ids[n], f"1.{n}", f"Chapter {n}",
                                      f"https://m.example/chapter/c{n}", run_id=run,
                                      seen_at=day, from_version_id=previous[n],
                                      to_version_id=version,
                                      previous=PreviousRef(f"1.{n}", f"Chapter {n}", "u")))
            previous[n] = version
        finish_run(db, run, status="ok", finished_at=day, baseline=edition == 1, chapters=2,
                   fetched=2, not_modified=0, errors=[], skipped=[])


@pytest.fixture(scope="module")
def mw(tmp_path_factory) -> Manualwatch:
    folder = tmp_path_factory.mktemp("diffcli")
    _fill(folder / "manualwatch.db")
    return Manualwatch(write_config(folder, "http://127.0.0.1:9/contents"))


def test_history_lists_versions_with_what_changed(mw: Manualwatch) -> None:
    data = json.loads(mw("history", "1.1", "--json").stdout)
    assert [v["words_added"] for v in data["versions"]] == [None, 1, 10]
    assert data["versions"][1]["summary"].startswith(
        "Section 3, Key Principles, was updated (+1 / −1 words). The ")
    text = mw("history", "Chapter 1").stdout
    assert "first version seen" in text and "(+10 words)" in text


@pytest.mark.parametrize(
    ("args", "added", "removed"),
    [
        pytest.param(("--from", "2026-03-02", "--to", "2026-09-07"), 11, 1, id="dates"),
        pytest.param(("--from", "2026-06-01", "--to", "2026-08-30"), 0, 0, id="same version"),
        pytest.param(("--from", "2026-06-01"), 10, 0, id="date to latest"),
        pytest.param((), 10, 0, id="previous to latest"),
    ],
)
def test_diff_between_any_two_dates(mw: Manualwatch, args: tuple, added: int,
                                    removed: int) -> None:
    data = json.loads(mw("diff", "1.1", *args, "--format", "json").stdout)
    assert (data["words_added"], data["words_removed"]) == (added, removed)


def test_diff_by_version_number_and_errors(mw: Manualwatch) -> None:
    first = json.loads(mw("diff", "1.1", "--from", "2026-03-02", "--format", "json").stdout)
    by_id = json.loads(mw("diff", "1.1", "--from", str(first["from"]["version"]), "--to",
                          str(first["to"]["version"]), "--format", "json").stdout)
    assert by_id["words_added"] == first["words_added"]
    bad = mw("diff", "1.1", "--from", "2020-01-01")
    assert bad.exit_code == 2 and "no version of this chapter existed on 2020-01-01" in bad.output


def test_diff_json_has_sections_significance_lines_and_links(mw: Manualwatch) -> None:
    data = json.loads(mw("diff", "1.1", "--from", "2026-03-02", "--format", "json").stdout)
    assert data["sections"] == ["3. Key Principles"]
    assert data["section_counts"] == [{"section": "3. Key Principles",
                                       "path": ["3. Key Principles"], "words_added": 11,
                                       "words_removed": 1}]
    assert data["significance"]["level"] == "substantive"
    assert [line["kind"] for line in data["lines"]] == ["replace", "insert"]
    assert data["links"] == [{"kind": "retargeted", "text": "Referral Form",
                              "url": FORM_V2[1], "old_text": "Referral Form",
                              "old_url": FORM_V1[1]}]


def test_diff_text_and_html(mw: Manualwatch) -> None:
    text = mw("diff", "1.1", "--from", "2026-03-02", "--context", "0").stdout
    assert "~ The child [-must-] {+should+} be seen alone." in text
    assert f"+ {SENTENCE}" in text
    assert f"link re-targeted: 'Referral Form' {FORM_V1[1]} -> {FORM_V2[1]}" in text
    html = mw("diff", "1.1", "--from", "2026-03-02", "--format", "html", "--context", "9").stdout
    assert ">should</ins>" in html and "&lt;b&gt;now&lt;/b&gt;" in html and "<b>" not in html
    side = mw("diff", "1.1", "--from", "2026-03-02", "--format", "html", "--side-by-side").stdout
    assert '<td class="mw-old"' in side and '<ul class="mw-links">' in side


@pytest.mark.parametrize(
    ("day", "expected"),
    [pytest.param("2026-04-01", "must be seen", id="after first"),
     pytest.param("2026-06-01", "should be seen", id="on the day of the second"),
     pytest.param("2026-12-25", SENTENCE, id="latest")],
)
def test_show_the_chapter_as_it_stood_on_a_date(mw: Manualwatch, day: str, expected: str) -> None:
    assert expected in mw("show", "1.1", "--on", day).stdout


def test_show_before_the_first_version_is_an_error(mw: Manualwatch) -> None:
    result = mw("show", "1.1", "--on", "2025-01-01")
    assert result.exit_code == 2 and "no version" in result.output
    data = json.loads(mw("show", "1.2", "--json").stdout)
    assert data["links"] == [list(FORM_V2)]


def test_changes_groups_identical_edits_across_chapters(mw: Manualwatch) -> None:
    data = json.loads(mw("changes", "--json").stdout)
    groups = {(g["run_id"], g["kind"], g["removed"], g["added"]): g["chapters"]
              for g in data["groups"]}
    both = ["1.1 Chapter 1", "1.2 Chapter 2"]
    assert groups[(3, "text", "", SENTENCE)] == both
    assert groups[(2, "text", "must", "should")] == both
    assert groups[(3, "link", f"Referral Form <{FORM_V1[1]}>",
                   f"Referral Form <{FORM_V2[1]}>")] == both
    text = mw("changes").stdout
    assert "Identical edits in several chapters:" in text
    assert f"run 3: added '{SENTENCE}' in 2 chapters: 1.1 Chapter 1; 1.2 Chapter 2" in text
