"""Addresses on the review web application (`manualwatch serve`) that emails and pages link to."""

from __future__ import annotations

from urllib.parse import quote


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def amendments_url(base_url: str) -> str:
    """The amendments appendix page."""
    return f"{_base(base_url)}/amendments"


def run_url(base_url: str, run_id: int) -> str:
    """The page of one run."""
    return f"{_base(base_url)}/runs/{run_id}"


def change_url(base_url: str, change_id: int) -> str:
    """The page showing one change record and its diff."""
    return f"{_base(base_url)}/changes/{change_id}"


def compare_url(base_url: str, chapter_id: int, manual: str) -> str:
    """The page comparing a chapter with its counterpart in another manual."""
    return f"{_base(base_url)}/chapters/{chapter_id}/in/{quote(manual, safe='')}"
