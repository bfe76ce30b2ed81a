"""The differ: pure functions from two versions of a chapter's text to what changed."""

from __future__ import annotations

from differ.chapter import diff_chapter
from differ.errors import DiffError, TooManyTokensError
from differ.groups import edits_of, group_edit_pairs, group_edits
from differ.links import describe_link, diff_links
from differ.models import (
    ChapterDiff,
    Edit,
    EditGroup,
    Line,
    LinkChange,
    Op,
    SectionCount,
    Significance,
)
from differ.plain import changed_sentence, plain_summary, section_states, significance_sentences
from differ.render import render_html, render_text, summary
from differ.render_json import diff_json
from differ.render_side import render_side_by_side
from differ.shapes import plain_line, shape_of
from differ.wording import count_phrase, section_label, updated_sentence
from differ.wordops import word_ops
from differ.words import count_words, words

__all__ = [
    "ChapterDiff",
    "DiffError",
    "Edit",
    "EditGroup",
    "Line",
    "LinkChange",
    "Op",
    "SectionCount",
    "Significance",
    "TooManyTokensError",
    "changed_sentence",
    "count_phrase",
    "count_words",
    "describe_link",
    "diff_chapter",
    "diff_json",
    "diff_links",
    "edits_of",
    "group_edit_pairs",
    "group_edits",
    "plain_line",
    "plain_summary",
    "render_html",
    "render_side_by_side",
    "render_text",
    "section_label",
    "section_states",
    "shape_of",
    "significance_sentences",
    "summary",
    "updated_sentence",
    "word_ops",
    "words",
]
