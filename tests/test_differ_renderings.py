"""One diff model, four renderings: inline HTML, side-by-side HTML, unified text, JSON."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from differ import diff_chapter, diff_json, render_html, render_side_by_side, render_text

HOSTILE = "<script>alert('x')</script> & <b>bold</b>"
OLD = ("## 1. Intro <i>\nThe child must be seen.\nFirst kept paragraph.\nKeep | this | row\n"
       "Second kept paragraph.\nMoved paragraph of words here.")
NEW = (f"## 1. Intro <i>\nMoved paragraph of words here.\nThe child should be seen. {HOSTILE}\n"
       "First kept paragraph.\nKeep | that | row\nSecond kept paragraph.")


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def _tags(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    return set(parser.tags)


def test_html_renderings_escape_every_piece_of_page_text() -> None:
    diff = diff_chapter(OLD, NEW, "T <title>")
    for html in (render_html(diff), render_side_by_side(diff)):
        assert _tags(html) <= {"div", "p", "del", "ins", "span", "strong", "table", "thead",
                               "tbody", "tr", "th", "td"}
        assert "&lt;script&gt;" in html and "&amp;" in html and "&lt;i&gt;" in html


def test_side_by_side_puts_old_left_and_new_right() -> None:
    html = render_side_by_side(diff_chapter(OLD, NEW, "T"))
    row = next(r for r in html.split("<tr") if "should" in r)
    left, right = row.split('<td class="mw-new"')
    assert ">must</del>" in left and "should" not in left
    assert ">should</ins>" in right and "must" not in right
    assert "<th>Before</th><th>After</th>" in html


def test_unified_text_marks_every_kind() -> None:
    text = render_text(diff_chapter(OLD, NEW, "T"), context=0)
    assert "~ The child [-must-] {+should+} be seen." in text
    assert "~ Keep | [-this-] {+that+} | row" in text
    assert "> Moved paragraph of words here.  (moved from 1. Intro <i>)" in text


def test_json_is_the_whole_model() -> None:
    data = json.loads(json.dumps(diff_json(diff_chapter(OLD, NEW, "T"))))
    assert (data["words_added"], data["words_removed"]) == (10, 7)
    assert data["significance"]["level"] == "substantive"
    assert data["sections"] == [{"section": "1. Intro <i>", "path": ["1. Intro <i>"],
                                 "words_added": 10, "words_removed": 7}]
    kinds = [line["kind"] for line in data["lines"]]
    assert kinds == ["equal", "move", "replace", "equal", "replace", "equal", "moved"]
    row = data["lines"][4]
    assert row["row"] and row["ops"][1] == {"kind": "delete", "text": "this"}
