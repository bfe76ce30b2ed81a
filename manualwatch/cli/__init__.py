"""The `manualwatch` command: a thin click layer over the library.

Each command parses options, calls one function, and turns known errors into one-line
messages with the exit codes of CONTRACT.md (0 ok, 1 something to look at, 2 bad usage/config
or nothing could run).
"""

from __future__ import annotations

import click

from manualwatch import __version__
from manualwatch.cli import amendments as commands_amendments
from manualwatch.cli import audit as commands_audit
from manualwatch.cli import people as commands_people
from manualwatch.cli import read as commands_read
from manualwatch.cli import review as commands_review
from manualwatch.cli import reviewers as commands_reviewers
from manualwatch.cli import run as commands_run
from manualwatch.cli import sample as commands_sample
from manualwatch.cli import web as commands_web
from manualwatch.cli.app import App


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="manualwatch")
@click.option("--config", "config_path", metavar="FILE",
              help="Config file (default: $MANUALWATCH_CONFIG, else ./config.toml).")
@click.option("--db", "db_path", metavar="FILE", help="SQLite file; overrides [store] path.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_path: str | None) -> None:
    """Watch an online procedures manual and tell people exactly what changed."""
    ctx.obj = App(config_path, db_path)


for _module in (commands_run, commands_read, commands_amendments, commands_people,
                commands_sample, commands_review, commands_audit, commands_web,
                commands_reviewers):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli(prog_name="manualwatch")
