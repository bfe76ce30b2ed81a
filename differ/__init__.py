"""The differ: pure functions from two versions of a chapter's text to what changed."""

from __future__ import annotations

from differ.chapter import diff_chapter
from differ.errors import DiffError, TooManyTokensError
from differ.models import ChapterDiff, Op
from differ.render import render_html, render_text, summary
from differ.words import count_words

__all__ = [
    "ChapterDiff",
    "DiffError",
    "Op",
    "TooManyTokensError",
    "count_words",
    "diff_chapter",
    "render_html",
    "render_text",
    "summary",
]
