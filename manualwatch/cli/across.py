"""Commands across manuals: a chapter's counterparts, compare with one, adoption of edits."""

from __future__ import annotations

import click

from differ import render_html, render_text
from manualwatch.across import (
    CompareError,
    adoption_document,
    compare_chapters,
    counterparts_document,
)
from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app, since_option
from store.chapters import find_chapter
from store.models import ChapterState


def _names(app: App) -> list[str]:
    return [m.name for m in app.config.manuals]


def _chapter(app: App, manual_name: str | None, selector: str) -> ChapterState:
    """The chapter named in the manual named; among several manuals a number needs --manual."""
    if manual_name:
        app.manual(manual_name)
    elif len(app.config.manuals) > 1:
        found = {name for name in _names(app) if find_chapter(app.db, name, selector)}
        if len(found) > 1:
            names = ", ".join(sorted(found))
            raise Failure(f"chapter {selector!r} is in several manuals ({names}):"
                          " name one with --manual")
    state = find_chapter(app.db, manual_name, selector)
    if state is None:
        where = f" in {manual_name}" if manual_name else ""
        raise Failure(f"no chapter {selector!r}{where} in the store")
    return state


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="NAME", help="The manual CHAPTER is in.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def counterparts(app: App, chapter: str, manual_name: str | None, as_json: bool) -> None:
    """The same procedure in every other configured manual, found from the text."""
    state = _chapter(app, manual_name, chapter)
    document = counterparts_document(app.db, state, _names(app))
    if as_json:
        echo_json(document)
        return
    echo(f"{state.number or '-'} {state.title} ({state.manual})")
    found = {c["manual"]: c for c in document["counterparts"]}
    for name in _names(app):
        if name == state.manual:
            continue
        item = found.get(name)
        if item is None:
            echo(f"  {name}: no counterpart")
        else:
            echo(f"  {name}: {item['number'] or '-'} {item['title']}  "
                       f"similarity {item['similarity']:.2f}  {item['url']}")


@click.command()
@click.argument("chapter")
@click.option("--manual", "manual_name", metavar="A", required=True,
              help="The manual CHAPTER is in.")
@click.option("--with", "other", metavar="B", required=True,
              help="The manual whose counterpart to compare with.")
@click.option("--on", "day", metavar="DATE", help="Both texts as they stood on DATE "
              "(default: latest).")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json"]), default="text")
@click.option("--context", default=2, show_default=True, help="Unchanged lines shown around "
              "each difference (text and HTML).")
@pass_app
def compare(app: App, chapter: str, manual_name: str, other: str, day: str | None, fmt: str,
            context: int) -> None:
    """Word-level diff from A's chapter to its counterpart in manual B."""
    app.manual(other)
    state = _chapter(app, manual_name, chapter)
    try:
        result = compare_chapters(app.db, state, other, day)
    except CompareError as exc:
        raise Failure(str(exc)) from None
    if fmt == "json":
        echo_json(result.to_json())
    elif fmt == "html":
        echo(render_html(result.diff, context))
    else:
        echo(f"{state.manual} {state.number or '-'} {state.title} -> {other} "
                   f"{result.other.number or '-'} {result.other.title} "
                   f"(similarity {result.similarity:.2f})")
        echo(result.summary())
        echo(render_text(result.diff, context), nl=False)


@click.command()
@click.option("--since", metavar="DATE", help="Only edits first seen on or after DATE.")
@click.option("--manual", "manual_name", metavar="NAME", help="Only edits first seen in NAME.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def adoption(app: App, since: str | None, manual_name: str | None, as_json: bool) -> None:
    """Edits recorded in one manual and which other manuals have taken them up, and when."""
    if manual_name:
        app.manual(manual_name)
    document = adoption_document(app.db, _names(app), since=since_option(since),
                                 manual=manual_name)
    if as_json:
        echo_json(document)
        return
    if not document["edits"]:
        echo("No edits recorded.")
    for edit in document["edits"]:
        first = edit["first_seen"]
        words = edit["inserted"] or edit["deleted"]
        verb = "inserted" if edit["inserted"] else "deleted"
        echo(f"{first['date']} {first['manual']} {first['number'] or '-'} {verb}: "
                   f"{words[:70]}{'...' if len(words) > 70 else ''}")
        for item in edit["manuals"]:
            when = f" {item['date']}" if "date" in item else ""
            echo(f"    {item['manual']:<16} {item['number'] or '-':<8} {item['state']}{when}")


COMMANDS = (counterparts, compare, adoption)
