"""Commands of the review application: serve, reviews (reviewers: cli/reviewers.py)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app, since_option
from manualwatch.clock import london_display
from manualwatch.config import Config
from manualwatch.terminal import escape_field
from store.reviews import audit_trail


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
    from manualwatch.web.secret_key import SecretKeyError

    app.db  # noqa: B018 - a missing or newer database is exit 2, never created by serving
    warning = proxy_warning(app.config, host)
    if warning:
        echo(f"warning: {warning}", err=True)
    try:
        web = create_app(app.config, Path(app.db_path) if app.db_path else None)
        server = make_server(host, port, web, threaded=True)
    except SecretKeyError as exc:
        raise Failure(str(exc)) from None
    except (OSError, SystemExit) as exc:  # werkzeug prints why and exits when bind fails
        reason = f": {exc.strerror}" if isinstance(exc, OSError) else ""
        raise Failure(f"cannot listen on {host}:{port}{reason}") from None
    echo(f"serving on http://{host}:{server.server_port}/ (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def proxy_warning(config: Config, host: str) -> str | None:
    """A warning when `serve` listens beyond this machine while a proxy header signs people
    in: anyone who can reach it directly must not be able to send that header."""
    if not config.web_trusted_user_header:
        return None
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return None
    return (f"listening on {host} with [web] trusted_user_header set: the header is believed"
            f" only from {', '.join(config.web_trusted_proxies)} ([web] trusted_proxies);"
            " make sure only your reverse proxy can reach this address")


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


COMMANDS = (serve_cmd, reviews_cmd)
