"""The amendments appendix of a manual, built from the published changes in the store."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from manualwatch.config import Config, ManualConfig
from notifier import appendix
from notifier.models import Amendments
from store.changes import list_changes
from store.runs import PUBLISHED

FORMATS = ("html", "md", "json")


def amendments(db: sqlite_utils.Database, manual: str, since: str | None = None) -> Amendments:
    """Published changes of a manual grouped by the day they were first seen."""
    changes = list_changes(db, manual=manual, since=since, statuses=PUBLISHED)
    return appendix.build_amendments(appendix.updates_from_changes(changes))


def render(doc: Amendments, manual: ManualConfig, fmt: str) -> str:
    if fmt == "html":
        return appendix.render_html(doc, manual.title)
    if fmt == "md":
        return appendix.render_markdown(doc, manual.title)
    raise ValueError(f"unknown appendix format {fmt!r}")


def write_appendix(db: sqlite_utils.Database, config: Config, manual: ManualConfig,
                   folder: Path | None = None) -> list[Path]:
    """Write amendments.html and amendments.md for one manual; returns the paths."""
    folder = (folder or config.output_dir) / manual.name
    folder.mkdir(parents=True, exist_ok=True)
    doc = amendments(db, manual.name)
    written = []
    for fmt in ("html", "md"):
        path = folder / f"amendments.{fmt}"
        tmp = path.with_suffix(f".{fmt}.tmp")
        tmp.write_text(render(doc, manual, fmt), encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
