"""Commands about people who receive email: subscribe, unsubscribe, subscribers."""

from __future__ import annotations

import fnmatch

import click
from email_validator import EmailNotValidError, validate_email

from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app
from manualwatch.clock import iso, utc_now
from manualwatch.cycle.following import SECTION_NUMBER, bare_heading, is_glob
from store.chapters import chapter_states, find_chapter
from store.models import Follow
from store.subscribers import (
    contents_headings,
    find_subscriber,
    list_subscribers,
    subscribe,
    unsubscribe,
)


def checked_address(address: str) -> str:
    """The address normalised (domain lower-cased, an IDN domain in ASCII); Failure otherwise.

    Syntax only: no DNS lookups, so it works offline and never leaks who subscribes.
    """
    try:
        valid = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise Failure(f"{address!r} is not a valid email address: {exc}") from None
    return valid.ascii_email or valid.normalized


def _chapter_follow(app: App, manual: str, selector: str, known: bool) -> Follow:
    if is_glob(selector):
        numbers = {n for s in chapter_states(app.db, manual).values() if s.listed
                   for n in s.numbers or ((s.number,) if s.number else ())}
        if known and not fnmatch.filter(numbers, selector):
            raise Failure(f"--chapter {selector!r}: the pattern matches no chapter number "
                          f"in {manual}")
        return Follow("chapter", selector)
    state = find_chapter(app.db, manual, selector)
    if state is None and known:
        raise Failure(f"--chapter {selector!r}: no such chapter in {manual} "
                      "(give its number, a pattern like 5.1.*, its URL or its exact title)")
    return Follow("chapter", selector, state.id if state else None)


def _section_follow(app: App, manual: str, selector: str, known: bool) -> Follow:
    selector = " ".join(selector.split())
    if SECTION_NUMBER.match(selector):
        return Follow("section", selector.rstrip("."))
    headings = {bare_heading(h) for h in contents_headings(app.db, manual)}
    if known and bare_heading(selector) not in headings:
        raise Failure(f"--section {selector!r}: no contents section or group of that title in "
                      f"{manual} (or give its number, like 5 or 5.1)")
    return Follow("section", selector)


def _follows(app: App, manual: str, everything: bool, chapters: tuple[str, ...],
             sections: tuple[str, ...], *, needed: bool = True) -> list[Follow]:
    if needed and not (everything or chapters or sections):
        raise Failure("say what to follow: --all, --chapter SEL or --section SEL")
    follows = [Follow("all")] if everything else []
    known = bool(chapter_states(app.db, manual))
    follows += [_chapter_follow(app, manual, s.strip(), known) for s in chapters]
    follows += [_section_follow(app, manual, s, known) for s in sections]
    return follows


@click.command(name="subscribe")
@click.argument("email")
@click.option("--manual", "manual_name", metavar="NAME",
              help="The manual (may be left out while only one is configured).")
@click.option("--all", "everything", is_flag=True, help="Follow every chapter.")
@click.option("--chapter", "chapters", multiple=True, metavar="SEL",
              help="Follow a chapter: its number, a pattern like '5.1.*', its URL or its exact "
                   "title. It is followed through renames, renumbering and moves. Repeatable.")
@click.option("--section", "sections", multiple=True, metavar="SEL",
              help="Follow a contents section or group: its number (5, 5.1) or its title. "
                   "Repeatable.")
@click.option("--adoption/--no-adoption", default=None,
              help="Also tell EMAIL when another manual takes up a change of a chapter it "
                   "follows (the same edit, in that manual's counterpart chapter). Given alone, "
                   "turns this on or off for an existing subscriber.")
@pass_app
def subscribe_cmd(app: App, email: str, manual_name: str | None, everything: bool,
                  chapters: tuple[str, ...], sections: tuple[str, ...],
                  adoption: bool | None) -> None:
    """Send EMAIL one digest per run about the chapters it follows."""
    app.creating()
    address = checked_address(email)
    manual = app.manual(manual_name)
    if adoption and len(app.config.manuals) < 2:
        raise Failure("--adoption: only one manual is configured, so no other manual can take "
                      "up its changes")
    known = adoption is not None and find_subscriber(app.db, address, manual.name) is not None
    follows = _follows(app, manual.name, everything, chapters, sections, needed=not known)
    subscriber = subscribe(app.db, address, manual.name, follows, iso(utc_now()),
                           adoption=adoption)
    echo(f"{subscriber.email} follows {_describe(subscriber.follows)} in {manual.name}"
         + (f"; {ADOPTION_NOTE}" if subscriber.adoption else ""))


ADOPTION_NOTE = "told when other manuals take up the same changes"


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
    removed = unsubscribe(app.db, _normal(email), manual_name)
    if not removed:
        raise Failure(f"{email} is not subscribed")
    echo(f"{email} unsubscribed")


def _normal(address: str) -> str:
    """The address as subscribe stored it, when it is valid; else as given (trimmed)."""
    try:
        return checked_address(address)
    except Failure:
        return address.strip()


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
             "follows": [{"kind": f.kind, "selector": f.selector} for f in s.follows],
             "adoption": s.adoption}
            for s in people]})
        return
    if not people:
        echo("no subscribers")
    for s in people:
        echo(f"{s.email}  {s.manual}: {_describe(s.follows)}"
             + (f"; {ADOPTION_NOTE}" if s.adoption else ""))


COMMANDS = (subscribe_cmd, unsubscribe_cmd, subscribers_cmd)
