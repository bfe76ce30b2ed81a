"""Linked documents on the command line: `documents` lists them; `history`, `diff` and `show`
hand a document URL to the functions here."""

from __future__ import annotations

from collections.abc import Sequence

import click

from differ import diff_chapter, diff_json, render_html, render_text, summary
from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app
from manualwatch.clock import london_day, london_display
from manualwatch.versions_pick import pick_versions, version_on
from store.documents import document_changes_of, document_versions, find_document, list_documents
from store.models import DocumentState, DocumentVersion


def _last_change(app: App, state: DocumentState) -> dict | None:
    changes = document_changes_of(app.db, state.id)
    if not changes:
        return None
    last = changes[0]
    return {"kind": last.kind, "seen_at": last.seen_at, "run_id": last.run_id}


def _document_json(app: App, state: DocumentState) -> dict:
    return {"url": state.url, "title": state.title, "type": state.type, "manual": state.manual,
            "linked_from": list(state.linked_from), "linked": state.listed,
            "versions": len(document_versions(app.db, state.id)),
            "text": state.has_text if state.latest_version_id else None,
            "last_seen": state.latest_seen_at, "last_change": _last_change(app, state),
            "status": state.status, "error": state.error, "skipped": state.skipped}


@click.command()
@click.option("--manual", "manual_name", metavar="NAME", help="Only this manual.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def documents(app: App, manual_name: str | None, as_json: bool) -> None:
    """Linked documents tracked (forms, templates, leaflets): the chapters that link them,
    their last change, and any problem fetching them."""
    manual = app.manual(manual_name).name if manual_name else None
    found = [_document_json(app, s) for s in list_documents(app.db, manual)]
    if as_json:
        echo_json({"documents": found})
        return
    if not found:
        echo("no documents tracked")
    for doc in found:
        last = doc["last_change"]
        change = f"{last['kind']} {london_day(last['seen_at'])}" if last else "no change yet"
        linked = ", ".join(doc["linked_from"]) if doc["linked"] else "no longer linked"
        problem = doc["error"] or doc["skipped"] or \
            (f"HTTP {doc['status']}" if doc["status"] in (404, 410) else "")
        echo(f"{doc['title']} ({doc['type']})  [{linked}]  {change}"
                   + (f"  ! {problem}" if problem else "") + f"\n    {doc['url']}")


def find(app: App, manual_name: str | None, url: str) -> DocumentState | None:
    """The document a `history`/`diff`/`show` argument names by its URL, or None."""
    manual = app.manual(manual_name).name if manual_name else None
    return find_document(app.db, manual, url)


def _rows(versions: Sequence[DocumentVersion], title: str) -> list[dict]:
    rows = []
    for previous, version in zip([None, *versions[:-1]], versions, strict=True):
        both = previous is not None and previous.has_text and version.has_text
        diff = diff_chapter(previous.text, version.text, title) if both else None  # type: ignore[union-attr]
        what = summary(diff, title) if diff else "first version seen" if previous is None \
            else "changed (no text to compare)"
        rows.append({"id": version.id, "run_id": version.run_id, "seen_at": version.seen_at,
                     "text": version.has_text, "no_text": version.no_text,
                     "bytes": version.nbytes, "words": len(version.text.split()),
                     "words_added": diff.words_added if diff else None,
                     "words_removed": diff.words_removed if diff else None, "summary": what})
    return rows


def _head(state: DocumentState) -> dict:
    return {"url": state.url, "title": state.title, "type": state.type,
            "linked_from": list(state.linked_from)}


def history(app: App, state: DocumentState, as_json: bool) -> None:
    rows = _rows(document_versions(app.db, state.id), state.title)
    changes = [c.to_json() | {"run_id": c.run_id, "seen_at": c.seen_at}
               for c in document_changes_of(app.db, state.id)]
    if as_json:
        echo_json({"document": _head(state) | {"linked": state.listed}, "versions": rows,
                   "changes": changes})
        return
    echo(f"{state.title} ({state.type}), linked from "
               f"{', '.join(state.linked_from) or 'no chapter'}\n{state.url}")
    for row in rows:
        echo(f"  version {row['id']:<5} {london_display(row['seen_at'])}  run "
                   f"{row['run_id']}  {row['summary']}")


def diff(app: App, state: DocumentState, from_: str | None, to: str | None, fmt: str,
         context: int) -> None:
    try:
        old, new = pick_versions(document_versions(app.db, state.id), from_, to)  # type: ignore[arg-type]
    except ValueError as exc:
        raise Failure(str(exc).replace("chapter", "document")) from None
    if not (old.has_text and new.has_text):
        raise Failure(f"{state.url}: no text to compare (version {old.id} or {new.id} "
                      "has no text layer); compared by its bytes only")
    result = diff_chapter(old.text, new.text, state.title)
    if fmt == "json":
        model = diff_json(result, all_lines=False)
        model["section_counts"] = model.pop("sections")
        echo_json({"document": _head(state), "from": {"version": old.id, "seen_at": old.seen_at},
                   "to": {"version": new.id, "seen_at": new.seen_at}, **model,
                   "sections": list(result.sections), "summary": summary(result, state.title)})
    elif fmt == "html":
        echo(render_html(result, context))
    else:
        echo(f"{state.title}: version {old.id} -> {new.id}")
        echo(summary(result, state.title))
        echo(render_text(result, context), nl=False)


def show(app: App, state: DocumentState, day: str | None, as_json: bool) -> None:
    versions = document_versions(app.db, state.id)
    if not versions:
        raise Failure(f"{state.url}: this document has no stored version")
    try:
        version = version_on(versions, day) if day else versions[-1]  # type: ignore[arg-type]
    except ValueError as exc:
        raise Failure(str(exc).replace("chapter", "document")) from None
    if as_json:
        echo_json({"document": _head(state), "version": version.id,
                   "seen_at": version.seen_at, "text": version.text if version.has_text
                   else None, "no_text": version.no_text})
        return
    if not version.has_text:
        raise Failure(f"{state.url}: no text to show ({version.no_text})")
    echo(version.text)


COMMANDS = (documents,)
