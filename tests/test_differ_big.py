"""Chapters too large for one exact table (more than 400 million old x new words, e.g. two
25,000-word versions, about 200 KB each): counts come from the changed blocks, each exact when
it fits one table and otherwise cut into similar line pairs; the diff says its counts are not
guaranteed minimal, and `run --json` marks such a change `"counts": "approximate"`."""

from __future__ import annotations

import json
from pathlib import Path

from differ import diff_chapter
from differ.lcs import CELL_LIMIT, affordable
from tests.conftest import Manualwatch, write_config
from tests.httpserver import RecordedRequest, Reply, serve_app

PARAGRAPHS, WORDS = 500, 50  # 25,000 words


def paragraphs(tag: str) -> list[str]:
    return [" ".join(f"{tag}{p}x{w}" for w in range(WORDS)) for p in range(PARAGRAPHS)]


def test_the_table_limit() -> None:
    assert CELL_LIMIT == 400_000_000
    assert affordable(20_000, 20_000) and not affordable(20_000, 20_001)


def test_small_edits_in_a_huge_chapter_are_counted_block_by_block() -> None:
    old = paragraphs("w")
    new = list(old)
    new[10] = new[10].replace("w10x3 ", "edited ", 1)
    new[400] = new[400] + " two more"
    del new[200]
    result = diff_chapter("\n".join(old), "\n".join(new), "Huge")
    assert not affordable(PARAGRAPHS * WORDS, PARAGRAPHS * WORDS - WORDS)
    assert (result.words_added, result.words_removed, result.exact) == (3, 1 + WORDS, False)


def test_a_huge_chapter_rewritten_whole_is_cut_into_lines() -> None:
    result = diff_chapter("\n".join(paragraphs("a")), "\n".join(paragraphs("b")), "Huge")
    total = PARAGRAPHS * WORDS
    assert (result.words_added, result.words_removed, result.exact) == (total, total, False)


FILLERS = [f"filler{n}" for n in range(6)]  # unchanged: 2 of 8 chapters change (no guard)
CONTENTS = ('<html><body><main><h1>Contents</h1><ul>'
            '<li><a href="/chapter/small">1.1 Small</a></li>'
            '<li><a href="/chapter/huge">1.2 Huge</a></li>'
            + "".join(f'<li><a href="/chapter/{f}">1.{n + 3} {f.title()}</a></li>'
                      for n, f in enumerate(FILLERS))
            + '</ul></main></body></html>')


def chapter_page(title: str, lines: list[str]) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (f"<html><body><main><h1>{title}</h1>{body}</main></body></html>").encode()


def test_run_json_marks_approximate_counts(tmp_path: Path) -> None:
    huge = paragraphs("w")
    pages = {"small": ["The small chapter says one thing."], "huge": huge}
    pages.update({f: [f"The {f} chapter stays as it is."] for f in FILLERS})

    def site(request: RecordedRequest) -> Reply:
        if request.path == "/contents":
            return Reply(200, CONTENTS.encode("utf-8"), {"Content-Type": "text/html"})
        slug = request.path.removeprefix("/chapter/")
        if slug in pages:
            return Reply(200, chapter_page(slug.title(), pages[slug]),
                         {"Content-Type": "text/html"})
        return Reply(404, b"", {})

    with serve_app(site) as (base, _log):
        mw = Manualwatch(write_config(tmp_path, base + "/contents"))
        assert mw.run_json("--no-email")["runs"][0]["baseline"] is True
        pages["small"] = ["The small chapter says another thing."]
        pages["huge"] = [*huge[:100], huge[100] + " added", *huge[101:]]
        run = mw.run_json("--no-email")["runs"][0]
    assert run["status"] == "ok"
    changes = {c["title"]: c for c in run["changes"]}
    assert (changes["Small"]["words_added"], changes["Small"]["words_removed"]) == (1, 1)
    assert "counts" not in changes["Small"]
    assert (changes["Huge"]["words_added"], changes["Huge"]["words_removed"]) == (1, 0)
    assert changes["Huge"]["counts"] == "approximate"
    listed = json.loads(mw("changes", "--json").stdout)["changes"]
    assert {c["title"]: c.get("counts") for c in listed} == {"Small": None,
                                                             "Huge": "approximate"}
