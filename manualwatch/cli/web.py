"""Commands of the review application: serve, reviewer add, reviews."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app, since_option
from manualwatch.clock import iso, london_display, utc_now
from manualwatch.terminal import escape_field
from store.reviews import ReviewError, add_reviewer, audit_trail


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this machine by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@pass_app
def serve_cmd(app: App, host: str, port: int) -> None:
    """Serve the review web application (history, compare, search, sign-off)."""
    from werkzeug.serving import make_server

    from manualwatch.web import create_app

    app.db  # noqa: B018 - a missing or newer database is exit 2, never created by serving
    web = create_app(app.config, Path(app.db_path) if app.db_path else None)
    server = make_server(host, port, web, threaded=True)
    echo(f"serving on http://{host}:{server.server_port}/ (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.group(name="reviewer")
@pass_app
def reviewer_group(app: App) -> None:
    """Manage the reviewers who may sign changes off."""
    app.creating()


@reviewer_group.command(name="add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@pass_app
def reviewer_add(app: App, name: str, password_stdin: bool) -> None:
    """Add a reviewer NAME (the password is asked for, or read with --password-stdin)."""
    from manualwatch.web.passwords import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise Failure("the password must have at least 8 characters")
    try:
        add_reviewer(app.db, name, hash_password(password), iso(utc_now()))
    except ReviewError as exc:
        raise Failure(str(exc)) from None
    echo(f"reviewer {name.strip()} added")


@click.command(name="reviews")
@click.option("--since", metavar="DATE", help="Only decisions made on or after this date.")
@click.option("--csv", "as_csv", is_flag=True, help="The audit trail as CSV.")
@click.option("--json", "as_json", is_flag=True, help="The audit trail as JSON.")
@pass_app
def reviews_cmd(app: App, since: str | None, as_csv: bool, as_json: bool) -> None:
    """The sign-off audit trail: who decided what about which change, and when."""
    from manualwatch.web.trail import trail_csv

    rows = audit_trail(app.db, since=since_option(since))
    if as_csv:
        echo(trail_csv(rows).replace("\r\n", "\n"), nl=False)
    elif as_json:
        echo_json({"reviews": rows})
    else:
        for row in rows:
            note = f": {escape_field(row['note'])}" if row["note"] else ""
            echo(f"{london_display(row['decided_at'])}  {escape_field(row['reviewer'])}  "
                 f"{row['decision']}  {row['number'] or '-'} {escape_field(row['title'])} "
                 f"(change {row['change_id']}){note}")
        if not rows:
            echo("no sign-offs recorded")


COMMANDS = (serve_cmd, reviewer_group, reviews_cmd)
