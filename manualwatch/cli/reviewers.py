"""Commands that manage the reviewers who may sign changes off: reviewer add, passwd, remove,
list."""

from __future__ import annotations

import sys

import click

from manualwatch.cli.app import App, Failure, echo, pass_app
from manualwatch.clock import iso, utc_now
from store.errors import NotFound
from store.reviewers import (
    ReviewerError,
    add_reviewer,
    change_password,
    check_name,
    list_reviewers,
    remove_reviewer,
)

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
PASSWORD_STDIN = click.option("--password-stdin", is_flag=True,
                              help="Read the password from the first line of standard input.")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise Failure(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise Failure(f"the password must have at most {MAX_PASSWORD} characters")
    return password


@click.group(name="reviewer")
@pass_app
def reviewer_group(app: App) -> None:
    """Manage the reviewers who may sign changes off."""
    app.creating()  # adding the first reviewer may create the store


@reviewer_group.command(name="add")
@click.argument("name")
@PASSWORD_STDIN
@pass_app
def reviewer_add(app: App, name: str, password_stdin: bool) -> None:
    """Add a reviewer NAME (the password is asked for, or read with --password-stdin)."""
    from manualwatch.web.passwords import hash_password

    try:
        name = check_name(name)
        password = _password(password_stdin)
        add_reviewer(app.db, name, hash_password(password), iso(utc_now()))
    except ReviewerError as exc:
        raise Failure(str(exc)) from None
    echo(f"reviewer {name} added")


@reviewer_group.command(name="passwd")
@click.argument("name")
@PASSWORD_STDIN
@pass_app
def reviewer_passwd(app: App, name: str, password_stdin: bool) -> None:
    """Give reviewer NAME a new password; every session of theirs ends."""
    from manualwatch.web.passwords import hash_password

    try:
        password = _password(password_stdin)
        stored, ended = change_password(app.db, name, hash_password(password))
    except NotFound as exc:
        raise Failure(str(exc)) from None
    echo(f"password of reviewer {stored} changed; {ended} session(s) ended")


@reviewer_group.command(name="remove")
@click.argument("name")
@pass_app
def reviewer_remove(app: App, name: str) -> None:
    """Remove reviewer NAME and end their sessions (their sign-offs stay in the trail)."""
    try:
        stored, ended = remove_reviewer(app.db, name)
    except NotFound as exc:
        raise Failure(str(exc)) from None
    echo(f"reviewer {stored} removed; {ended} session(s) ended;"
               " their sign-offs stay in the trail")


@reviewer_group.command(name="list")
@pass_app
def reviewer_list(app: App) -> None:
    """The reviewers, when each was added, and how many sessions each has open."""
    reviewers = list_reviewers(app.db)
    for reviewer in reviewers:
        echo(f"{reviewer.name}  added {reviewer.created_at}  "
                   f"{reviewer.sessions} session(s) open")
    if not reviewers:
        echo("no reviewers (add one with `manualwatch reviewer add NAME`)")


COMMANDS = (reviewer_group,)
