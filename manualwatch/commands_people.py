"""Commands about people who receive email: subscribe, unsubscribe, subscribers."""

from __future__ import annotations

import re

import click

from manualwatch.app import App, Failure, echo_json, pass_app
from manualwatch.clock import iso, utc_now
from store.chapters import chapter_states, find_chapter
from store.models import Follow
from store.subscribers import list_subscribers, subscribe, unsubscribe

_EMAIL = re.compile(r"^[^@\s<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_SECTION = re.compile(r"^\d+(\.\d+)*$")


def _follows(app: App, manual: str, everything: bool, chapters: tuple[str, ...],
             sections: tuple[str, ...]) -> list[Follow]:
    if not (everything or chapters or sections):
        raise Failure("say what to follow: --all, --chapter SEL or --section SEL")
    follows = [Follow("all")] if everything else []
    known = bool(chapter_states(app.db, manual))
    for selector in chapters:
        state = find_chapter(app.db, manual, selector)
        if state is None and known:
            raise Failure(f"--chapter {selector!r}: no such chapter in {manual} "
                          "(give its number, URL or exact title)")
        follows.append(Follow("chapter", selector, state.id if state else None))
    for selector in sections:
        if not _SECTION.match(selector):
            raise Failure(f"--section {selector!r}: expected a contents number like 5 or 5.1")
        follows.append(Follow("section", selector))
    return follows


@click.command(name="subscribe")
@click.argument("email")
@click.option("--manual", "manual_name", metavar="NAME",
              help="The manual (may be left out while only one is configured).")
@click.option("--all", "everything", is_flag=True, help="Follow every chapter.")
@click.option("--chapter", "chapters", multiple=True, metavar="SEL",
              help="Follow a chapter: its number, URL or exact title. Repeatable.")
@click.option("--section", "sections", multiple=True, metavar="SEL",
              help="Follow a contents section or group, e.g. 5 or 5.1. Repeatable.")
@pass_app
def subscribe_cmd(app: App, email: str, manual_name: str | None, everything: bool,
                  chapters: tuple[str, ...], sections: tuple[str, ...]) -> None:
    """Send EMAIL one digest per run about the chapters it follows."""
    if not _EMAIL.match(email):
        raise Failure(f"{email!r} is not an email address")
    manual = app.manual(manual_name)
    follows = _follows(app, manual.name, everything, chapters, sections)
    subscriber = subscribe(app.db, email, manual.name, follows, iso(utc_now()))
    click.echo(f"{subscriber.email} follows {_describe(subscriber.follows)} in {manual.name}")


def _describe(follows: tuple[Follow, ...]) -> str:
    parts = []
    for f in follows:
        parts.append("every chapter" if f.kind == "all" else f"{f.kind} {f.selector}")
    return ", ".join(parts)


@click.command(name="unsubscribe")
@click.argument("email")
@click.option("--manual", "manual_name", metavar="NAME", help="Only from this manual.")
@pass_app
def unsubscribe_cmd(app: App, email: str, manual_name: str | None) -> None:
    """Stop sending email to EMAIL."""
    if manual_name:
        app.manual(manual_name)
    removed = unsubscribe(app.db, email, manual_name)
    if not removed:
        raise Failure(f"{email} is not subscribed")
    click.echo(f"{email} unsubscribed")


@click.command(name="subscribers")
@click.option("--manual", "manual_name", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def subscribers_cmd(app: App, manual_name: str | None, as_json: bool) -> None:
    """Who receives email, and what each follows."""
    people = list_subscribers(app.db, manual_name)
    if as_json:
        echo_json({"subscribers": [
            {"email": s.email, "manual": s.manual, "since": s.created_at,
             "follows": [{"kind": f.kind, "selector": f.selector} for f in s.follows]}
            for s in people]})
        return
    if not people:
        click.echo("no subscribers")
    for s in people:
        click.echo(f"{s.email}  {s.manual}: {_describe(s.follows)}")


COMMANDS = (subscribe_cmd, unsubscribe_cmd, subscribers_cmd)
