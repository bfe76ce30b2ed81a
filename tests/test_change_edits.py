"""Each updated change keeps its edits when the run records it; `changes` groups identical
edits from them exactly as it does by diffing the versions again (older changes)."""

from __future__ import annotations

import json
from pathlib import Path

from store import open_database
from tests.conftest import Manualwatch, write_config
from tests.httpserver import serve_directory

TITLES = ("Visits", "Reviews", "Plans", "Meetings", "Records", "Transfers", "Closures", "Audits")
CONTENTS = ("<html><body><main><h1>Contents</h1><section><h2>1. All Children</h2><ul>"
            + "".join(f"<li><span class='number'>1.{n}</span> <a href='/c{n}.html'>{title}</a>"
                      "</li>" for n, title in enumerate(TITLES, 1))
            + "</ul></section></main></body></html>")


def _chapter(title: str, edition: int) -> str:
    verb = "must" if edition == 1 else "should"
    extra = f"<p>{title} are recorded on the file.</p>" if edition == 2 else ""
    return (f"<html><body><main><article class='chapter'><h1>{title}</h1>"
            f"<h2>1. Purpose</h2><p>This chapter covers {title.lower()} for every child.</p>"
            f"<p>The social worker {verb} see the child alone at each visit.</p>{extra}"
            "</article></main></body></html>")


def _write(folder: Path, edition: int) -> None:
    """Edition 2 changes the first two of eight chapters (below the quarantine share)."""
    (folder / "contents.html").write_text(CONTENTS)
    for n, title in enumerate(TITLES, 1):
        (folder / f"c{n}.html").write_text(_chapter(title, edition if n <= 2 else 1))
    (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n")


def test_stored_edits_group_as_a_fresh_diff_does(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _write(site, 1)
    with serve_directory(site) as (base, _log):
        mw = Manualwatch(write_config(tmp_path, base + "/contents.html"))
        assert mw.run_json("--no-email")["runs"][0]["baseline"] is True
        _write(site, 2)
        run = mw.run_json("--no-email")["runs"][0]
    assert [c["kind"] for c in run["changes"]] == ["updated", "updated"]
    db = open_database(tmp_path / "manualwatch.db")
    kept = dict(db.execute("SELECT c.number, e.edits FROM change_edits e"
                           " JOIN changes c ON c.id = e.change_id"))
    assert {n: json.loads(e) for n, e in kept.items()} == {
        "1.1": [["must", "should"], ["", "Visits are recorded on the file."]],
        "1.2": [["must", "should"], ["", "Reviews are recorded on the file."]]}
    from_stored = mw("changes", "--json")
    groups = json.loads(from_stored.output)["groups"]
    assert [(g["removed"], g["added"], g["chapters"]) for g in groups] == [
        ("must", "should", ["1.1 Visits", "1.2 Reviews"])]
    with db.conn:
        db.execute("DELETE FROM change_edits")  # as a database from before edits were kept
    assert mw("changes", "--json").output == from_stored.output
