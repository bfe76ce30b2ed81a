"""The `check` command: integrity and schema of the database, changing nothing."""

from __future__ import annotations

import sys

import click

from manualwatch.cli.app import App, Failure, echo, echo_json, pass_app
from store.errors import NoDatabase
from store.health import check_database


@click.command(name="check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def check_cmd(app: App, as_json: bool) -> None:
    """Check the database: integrity, foreign keys, schema version and email stuck in
    'sending'. Exit 0 when healthy, 1 when not (2 when there is no database)."""
    path = app.store_path
    try:
        findings = check_database(path)
    except NoDatabase as exc:
        raise Failure(str(exc)) from None
    healthy = all(f.ok for f in findings)
    if as_json:
        echo_json({"database": str(path), "healthy": healthy,
                   "checks": [{"check": f.check, "ok": f.ok, "detail": f.detail}
                              for f in findings]})
    else:
        for f in findings:
            echo(f"{'ok  ' if f.ok else 'FAIL'}  {f.check}: {f.detail}")
        echo(f"{path}: {'healthy' if healthy else 'NOT healthy'}")
    sys.exit(0 if healthy else 1)


COMMANDS = (check_cmd,)
