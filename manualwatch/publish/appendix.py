"""The amendments appendix of a manual, built from the published changes in the store: each
change with the texts and Amendment notes of its two versions, and the publisher audit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import sqlite_utils

from manualwatch.config import Config, ManualConfig
from manualwatch.publish.audit import audit
from notifier import appendix, feed
from notifier.documents import document_entries
from notifier.models import Amendments, AuditFinding, ChangeSources
from store.changes import list_changes
from store.documents import document_changes_since, get_document_version
from store.models import Change, DocumentChange
from store.runs import PUBLISHED
from store.versions import get_version

FORMATS = ("html", "md", "json", "atom")
WRITTEN = ("html", "md", "atom")
_SUFFIX = {"html": "html", "md": "md", "json": "json", "atom": "atom.xml"}


def amendments(db: sqlite_utils.Database, manual: str, since: str | None = None, *,
               findings: Sequence[AuditFinding] | None = None) -> Amendments:
    """Published changes of a manual grouped by the day they were first seen, with their diffs
    and notes; `findings` (the publisher audit) is shown beside them when given."""
    changes = list_changes(db, manual=manual, since=since, statuses=PUBLISHED)
    documents = document_changes_since(db, manual, since)
    return appendix.build_amendments(
        appendix.updates_from_changes(changes), sources=change_sources(db, changes),
        audit=findings,
        documents=document_entries(documents, document_sources(db, documents)))


def document_sources(db: sqlite_utils.Database, changes: Sequence[DocumentChange]
                     ) -> dict[int, ChangeSources]:
    """Document change id -> both versions' texts, for documents whose text changed."""
    out = {}
    for change in changes:
        if change.kind == "updated" and change.has_text and change.from_version_id \
                and change.to_version_id:
            out[change.id] = ChangeSources(
                old_text=get_document_version(db, change.from_version_id).text,
                new_text=get_document_version(db, change.to_version_id).text)
    return out


def change_sources(db: sqlite_utils.Database, changes: Sequence[Change]
                   ) -> dict[int, ChangeSources]:
    """Change id -> both versions' texts and Amendment notes, for new and updated chapters."""
    wanted = [c for c in changes if c.kind in ("new", "updated") and c.to_version_id]
    ids = {v for c in wanted for v in (c.from_version_id, c.to_version_id) if v}
    notes = _notes(db, ids)
    texts = {v: get_version(db, v).text for v in ids}
    return {
        c.id: ChangeSources(old_text=texts.get(c.from_version_id or 0),
                            new_text=texts.get(c.to_version_id or 0),
                            old_note=notes.get(c.from_version_id or 0),
                            new_note=notes.get(c.to_version_id or 0))
        for c in wanted
    }


def _notes(db: sqlite_utils.Database, version_ids: set[int]) -> dict[int, str]:
    """Version id -> the chapter's Amendment note as the crawler read it (versions.amendment)."""
    if not version_ids:
        return {}
    marks = ",".join("?" * len(version_ids))
    rows = db.execute(f"SELECT id, amendment FROM versions WHERE id IN ({marks})",
                      sorted(version_ids)).fetchall()
    return {row[0]: row[1] for row in rows if row[1]}


def manual_audit(db: sqlite_utils.Database, config: Config, manual: ManualConfig,
                 since: str | None = None) -> list[AuditFinding]:
    """The publisher audit of one manual with the configured date tolerance."""
    return audit(db, manual.name, since=since, tolerance_days=config.audit_date_tolerance_days)


def render(doc: Amendments, manual: ManualConfig, fmt: str, *, base_url: str = "",
           since: str | None = None, live_links: bool = True) -> str:
    """The appendix as html, md, json (indented) or atom (`live_links`: see
    notifier.appendix.render_html)."""
    if fmt == "html":
        return appendix.render_html(doc, manual.title, since=since, live_links=live_links)
    if fmt == "md":
        return appendix.render_markdown(doc, manual.title)
    if fmt == "atom":
        return feed.render_atom(doc, manual=manual.name, manual_title=manual.title,
                                base_url=base_url)
    if fmt == "json":
        return json.dumps(appendix.to_json(doc, manual.name), indent=2, ensure_ascii=False)
    raise ValueError(f"unknown appendix format {fmt!r}")


def write_appendix(db: sqlite_utils.Database, config: Config, manual: ManualConfig,
                   folder: Path | None = None, *, live_links: bool = True) -> list[Path]:
    """Write amendments.html, .md and .atom.xml for one manual; returns the paths. Without
    `live_links` the HTML page links chapters to its own diffs (for a site that is gone)."""
    folder = (folder or config.output_dir) / manual.name
    folder.mkdir(parents=True, exist_ok=True)
    doc = amendments(db, manual.name, findings=manual_audit(db, config, manual))
    written = []
    for fmt in WRITTEN:
        path = folder / f"amendments.{_SUFFIX[fmt]}"
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(render(doc, manual, fmt, base_url=config.web_base_url,
                              live_links=live_links), encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
