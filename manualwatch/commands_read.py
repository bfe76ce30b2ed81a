"""Commands that read what the store recorded: changes, history, diff, amendments."""

from __future__ import annotations

import click

from differ.chapter import diff_chapter
from differ.render import render_html, render_text, summary
from manualwatch.app import App, Failure, echo_json, pass_app, since_option
from manualwatch.clock import london_day, london_display
from manualwatch.versions_pick import pick_versions
from store.changes import list_changes
from store.chapters import find_chapter
from store.models import Change
from store.runs import PUBLISHED
from store.versions import versions_of


def _change_json(change: Change) -> dict:
    return change.to_json() | {"run_id": change.run_id, "seen_at": change.seen_at}


@click.command()
@click.option("--since", metavar="DATE", help="Only changes first seen on or after DATE.")
@click.option("--manual", "manual_name", metavar="NAME", help="Only this manual.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def changes(app: App, since: str | None, manual_name: str | None, as_json: bool) -> None:
    """Changes recorded so far, newest first."""
    found = list_changes(app.db, manual=manual_name, since=since_option(since), statuses=PUBLISHED)
    if as_json:
        echo_json({"changes": [_change_json(c) for c in found]})
        return
    if not found:
        click.echo("no changes recorded")
    for c in found:
        click.echo(f"{london_day(c.seen_at)}  {c.kind:<10} {c.number or '-':<8} {c.title}")


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def history(app: App, chapter: str, manual_name: str | None, as_json: bool) -> None:
    """Versions of one chapter (by number, URL or title)."""
    state = find_chapter(app.db, manual_name, chapter)
    if state is None:
        raise Failure(f"no chapter {chapter!r} in the store")
    versions = versions_of(app.db, state.id)
    chapter_changes = [c for c in list_changes(app.db, manual=state.manual)
                       if c.chapter_id == state.id]
    if as_json:
        echo_json({"chapter": {"number": state.number, "title": state.title, "url": state.url,
                               "listed": state.listed},
                   "versions": [{"id": v.id, "run_id": v.run_id, "seen_at": v.seen_at,
                                 "text_hash": v.text_hash, "words": len(v.text.split())}
                                for v in versions],
                   "changes": [_change_json(c) for c in chapter_changes]})
        return
    click.echo(f"{state.number or '-'} {state.title}\n{state.url}")
    for v in versions:
        click.echo(f"  version {v.id:<5} {london_display(v.seen_at)}  run {v.run_id}")
    for c in chapter_changes:
        click.echo(f"  {london_day(c.seen_at)} {c.kind}")


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--from", "from_", metavar="DATE|VERSION", help="Older side (default: previous).")
@click.option("--to", metavar="DATE|VERSION", help="Newer side (default: latest).")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json"]), default="text")
@pass_app
def diff(app: App, chapter: str, manual_name: str | None, from_: str | None, to: str | None,
         fmt: str) -> None:
    """Word-level diff of one chapter between two versions or dates."""
    state = find_chapter(app.db, manual_name, chapter)
    if state is None:
        raise Failure(f"no chapter {chapter!r} in the store")
    try:
        old, new = pick_versions(versions_of(app.db, state.id), from_, to)
    except ValueError as exc:
        raise Failure(str(exc)) from None
    result = diff_chapter(old.text, new.text, state.title)
    if fmt == "json":
        echo_json({"chapter": {"number": state.number, "title": state.title, "url": state.url},
                   "from": {"version": old.id, "seen_at": old.seen_at},
                   "to": {"version": new.id, "seen_at": new.seen_at},
                   "words_added": result.words_added, "words_removed": result.words_removed,
                   "sections": list(result.sections), "summary": summary(result)})
    elif fmt == "html":
        click.echo(render_html(result))
    else:
        click.echo(f"{state.number or '-'} {state.title}: version {old.id} -> {new.id}")
        click.echo(summary(result))
        click.echo(render_text(result))


COMMANDS = (changes, history, diff)
