"""Commands that read what the store recorded: changes, history, diff, show."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import click

from differ import (
    ChapterDiff,
    EditGroup,
    LinkChange,
    describe_link,
    diff_chapter,
    diff_json,
    diff_links,
    edits_of,
    group_edit_pairs,
    plain_line,
    render_html,
    render_side_by_side,
    render_text,
    summary,
)
from manualwatch.cli import documents as linked
from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app, since_option
from manualwatch.clock import london_day, london_display
from manualwatch.versions_pick import pick_versions, version_for
from notifier.diff_page import render_diff_page
from store.change_edits import edits_for
from store.changes import list_changes
from store.chapters import find_chapter
from store.models import Change, ChapterState, DocumentState, Version
from store.runs import PUBLISHED, baseline_run_id, rejected_runs
from store.versions import get_version, versions_of


def _change_json(change: Change) -> dict:
    return change.to_json() | {"run_id": change.run_id, "seen_at": change.seen_at}


def _label(change: Change) -> str:
    return f"{change.number or '-'} {change.title}"


def _edit_groups(app: App, found: Sequence[Change]) -> list[tuple[int, EditGroup]]:
    """Identical edits and link changes among each run's updated chapters."""
    by_run: dict[int, list[Change]] = {}
    for change in found:
        if change.kind == "updated" and change.from_version_id and change.to_version_id:
            by_run.setdefault(change.run_id, []).append(change)
    groups: list[tuple[int, EditGroup]] = []
    stored = edits_for(app.db, [c.id for cs in by_run.values() for c in cs])  # type: ignore[misc]
    for run_id, changes in by_run.items():
        edits, links = {}, {}
        for change in changes:
            old = get_version(app.db, change.from_version_id)  # type: ignore[arg-type]
            new = get_version(app.db, change.to_version_id)  # type: ignore[arg-type]
            if change.id in stored:
                edits[_label(change)] = stored[change.id]  # type: ignore[index]
            else:  # recorded before edits were kept
                diff = diff_chapter(old.text, new.text, change.title)
                edits[_label(change)] = [(e.removed, e.added) for e in edits_of(diff)]
            links[_label(change)] = diff_links(old.links, new.links)
        groups.extend((run_id, group) for group in group_edit_pairs(edits, links))
    return groups


def _group_line(group: EditGroup) -> str:
    what = (f"'{group.removed}' -> '{group.added}'" if group.removed and group.added
            else f"added '{group.added}'" if group.added else f"removed '{group.removed}'")
    kind = "link " if group.kind == "link" else ""
    return f"{kind}{what} in {len(group.chapters)} chapters: {'; '.join(group.chapters)}"


@click.command()
@click.option("--since", metavar="DATE", help="Only changes first seen on or after DATE.")
@click.option("--manual", "manual_name", metavar="NAME", help="Only this manual.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def changes(app: App, since: str | None, manual_name: str | None, as_json: bool) -> None:
    """Changes recorded so far, newest first, then identical edits made in several chapters
    (grouped, to be reviewed once)."""
    found = list_changes(app.db, manual=manual_name, since=since_option(since), statuses=PUBLISHED)
    groups = _edit_groups(app, found)
    if as_json:
        echo_json({"changes": [_change_json(c) for c in found],
                   "groups": [{"run_id": run_id, "kind": g.kind, "removed": g.removed,
                               "added": g.added, "chapters": list(g.chapters)}
                              for run_id, g in groups]})
        return
    if not found:
        echo("no changes recorded")
    for c in found:
        echo(f"{london_day(c.seen_at)}  {c.kind:<10} {c.number or '-':<8} {c.title}")
    if groups:
        echo("\nIdentical edits in several chapters:")
    for run_id, group in groups:
        echo(f"  run {run_id}: {_group_line(group)}")


def _chapter(app: App, manual_name: str | None, chapter: str) -> ChapterState:
    state = find_chapter(app.db, manual_name, chapter)
    if state is None:
        raise Failure(f"no chapter {chapter!r} in the store")
    return state


def _document(app: App, manual_name: str | None, selector: str) -> DocumentState | None:
    """A linked document named by URL, when no chapter has that URL."""
    if "://" not in selector or find_chapter(app.db, manual_name, selector) is not None:
        return None
    return linked.find(app, manual_name, selector)


def _version_rows(versions: Sequence[Version], title: str,
                  rejected: frozenset[int] = frozenset()) -> list[dict]:
    """Each version with what changed since the one before it in the list; ``rejected``
    holds the ids of rejected runs (their versions are marked)."""
    rows = []
    for previous, version in zip([None, *versions[:-1]], versions, strict=True):
        diff = diff_chapter(previous.text, version.text, title) if previous else None
        rows.append({"id": version.id, "run_id": version.run_id, "seen_at": version.seen_at,
                     "text_hash": version.text_hash, "words": len(version.text.split()),
                     "words_added": diff.words_added if diff else None,
                     "words_removed": diff.words_removed if diff else None,
                     "rejected": version.run_id in rejected,
                     "summary": summary(diff, title) if diff else "first version seen"})
    return rows


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--include-rejected", is_flag=True,
              help="Also list versions stored by rejected runs (marked rejected).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def history(app: App, chapter: str, manual_name: str | None, include_rejected: bool,
            as_json: bool) -> None:
    """Versions of one chapter (by URL, title, or any number it has or had), each with what
    changed.

    A linked document's URL lists the document's versions instead."""
    document = _document(app, manual_name, chapter)
    if document is not None:
        linked.history(app, document, as_json)
        return
    state = _chapter(app, manual_name, chapter)
    versions = versions_of(app.db, state.id, include_rejected=include_rejected)
    rejected = frozenset(rejected_runs(app.db, state.manual)) if include_rejected else frozenset()
    rows = _version_rows(versions, state.title, rejected)
    chapter_changes = [c for c in list_changes(app.db, manual=state.manual)
                       if c.chapter_id == state.id]
    if as_json:
        echo_json({"chapter": {"number": state.number, "title": state.title, "url": state.url,
                               "listed": state.listed},
                   "versions": rows, "changes": [_change_json(c) for c in chapter_changes]})
        return
    echo(f"{state.number or '-'} {state.title}\n{state.url}")
    for row in rows:
        mark = "  (rejected run)" if row["rejected"] else ""
        echo(f"  version {row['id']:<5} {london_display(row['seen_at'])}  run "
             f"{row['run_id']}  {row['summary']}{mark}")
    for c in chapter_changes:
        echo(f"  {london_day(c.seen_at)} {c.kind}")


def _diff_document(state: ChapterState, old: Version, new: Version, result: ChapterDiff,
                   links: Sequence[LinkChange]) -> dict:
    model = diff_json(result, all_lines=False)
    model["section_counts"] = model.pop("sections")
    return {"chapter": {"number": state.number, "title": state.title, "url": state.url},
            "from": {"version": old.id, "seen_at": old.seen_at},
            "to": {"version": new.id, "seen_at": new.seen_at},
            **model,
            "sections": list(result.sections),
            "summary": summary(result, state.title),
            "links": [{"kind": c.kind, "text": c.text, "url": c.url, "old_text": c.old_text,
                       "old_url": c.old_url} for c in links]}


def _links_html(links: Sequence[LinkChange]) -> str:
    if not links:
        return ""
    items = "".join(f"<li>{escape(describe_link(c))}</li>" for c in links)
    return f'<h3>Links</h3><ul class="mw-links">{items}</ul>'


def _heading(state: ChapterState) -> str:
    return f"{state.number or '-'} {' '.join(state.title.split())}"


def _seen(version: Version) -> str:
    return f"version {version.id} (first seen {london_display(version.seen_at)})"


def _diff_text(state: ChapterState, old: Version, new: Version, result: ChapterDiff,
               links: Sequence[LinkChange], context: int) -> None:
    """The diff for a terminal: a header naming both versions, one summary, the lines."""
    if old.id == new.id:
        echo(f"{_heading(state)}: only {_seen(new)} is stored, so there is nothing to "
                   "compare yet.")
        return
    echo(f"{_heading(state)}: {_seen(old)} -> {_seen(new)}")
    echo(summary(result, state.title))
    if result.changed or result.words_moved:
        echo(render_text(result, context), nl=False)
    for change in links:
        echo(f"link {describe_link(change)}")


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--from", "from_", metavar="DATE|VERSION|baseline",
              help="Older side (default: previous).")
@click.option("--to", metavar="DATE|VERSION|baseline", help="Newer side (default: latest).")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json"]), default="text")
@click.option("--side-by-side", is_flag=True, help="HTML: old and new in two columns.")
@click.option("--fragment", is_flag=True, help="HTML: only the diff's fragment, not a "
              "complete page with title and summary.")
@click.option("--context", default=2, show_default=True, help="Unchanged lines shown around "
              "each change (text and HTML).")
@pass_app
def diff(app: App, chapter: str, manual_name: str | None, from_: str | None, to: str | None,
         fmt: str, side_by_side: bool, fragment: bool, context: int) -> None:
    """Word-level diff of one chapter between two versions or dates, with its links diff.
    CHAPTER is a URL, a title, or any number the chapter has or had.

    A linked document's URL diffs the document's versions instead."""
    document = _document(app, manual_name, chapter)
    if document is not None:
        linked.diff(app, document, from_, to, fmt, context)
        return
    state = _chapter(app, manual_name, chapter)
    try:
        old, new = pick_versions(versions_of(app.db, state.id), from_, to,
                                 baseline_run_id(app.db, state.manual))
    except ValueError as exc:
        raise Failure(str(exc)) from None
    result = diff_chapter(old.text, new.text, state.title)
    links = diff_links(old.links, new.links)
    if fmt == "json":
        echo_json(_diff_document(state, old, new, result, links))
    elif fmt == "html":
        render = render_side_by_side if side_by_side else render_html
        body = render(result, context) + _links_html(links)
        echo(body if fragment else render_diff_page(
            _heading(state), state.url, old, new, summary(result, state.title), body))
    else:
        _diff_text(state, old, new, result, links, context)


def _removed_on(app: App, state: ChapterState) -> str | None:
    """When the chapter was last seen removed from the contents, if it is not listed now."""
    if state.listed:
        return None
    gone = [c for c in list_changes(app.db, manual=state.manual)
            if c.chapter_id == state.id and c.kind == "removed"]
    return london_display(gone[0].seen_at) if gone else "an unknown date"


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--on", "spec", metavar="DATE|VERSION|baseline", help="The text as it stood on "
              "DATE, a version by its id, or the baseline's (default: latest).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def show(app: App, chapter: str, manual_name: str | None, spec: str | None,
         as_json: bool) -> None:
    """The chapter's text as it stood on a date, at a version or at the baseline.
    CHAPTER is a URL, a title, or any number the chapter has or had.

    A linked document's URL shows the document's text on a date instead."""
    document = _document(app, manual_name, chapter)
    if document is not None:
        linked.show(app, document, spec, as_json)
        return
    state = _chapter(app, manual_name, chapter)
    versions = versions_of(app.db, state.id)
    if not versions:
        raise Failure("this chapter has no stored version")
    try:
        version = (version_for(versions, spec, baseline_run_id(app.db, state.manual))
                   if spec else versions[-1])
    except ValueError as exc:
        raise Failure(str(exc)) from None
    if as_json:
        echo_json({"chapter": {"number": state.number, "title": state.title, "url": state.url},
                   "version": version.id, "seen_at": version.seen_at, "text": version.text,
                   "links": [list(link) for link in version.links]})
        return
    latest = "the latest" if version.id == versions[-1].id else "since replaced"
    echo(f"{_heading(state)}\n{state.url}\n{_seen(version)}, {latest}")
    removed = _removed_on(app, state)
    if removed:
        echo(f"removed on {removed}: no longer listed on the contents page")
    for k, line in enumerate(version.text.splitlines()):
        if line.startswith("#") or k == 0:  # a blank line before each heading
            echo("")
        echo(plain_line(line))


COMMANDS = (changes, history, diff, show)
