"""The `manualwatch` command: a thin click layer over the library.

Each command parses options, calls one function, and turns known errors into one-line
messages with the exit codes of CONTRACT.md (0 ok, 1 something to look at, 2 bad usage/config
or nothing could run). Commands are imported by name when run (see `lazy_group`), so start-up
pays only for what the command in hand needs; `COMMANDS` below names each command's module
and the short help `--help` lists (a test checks both against the commands themselves).
"""

from __future__ import annotations

import contextlib
import sqlite3

import click

from manualwatch import __version__
from manualwatch.cli.app import App, Failure
from manualwatch.cli.lazy_group import LazyGroup

_CLI = "manualwatch.cli."
COMMANDS: dict[str, tuple[str, str]] = {
    "run": (_CLI + "run", "One complete cycle: crawl, store, diff, amendments, email."),
    "send": (_CLI + "run", "Deliver whatever the outbox still holds."),
    "status": (_CLI + "run", "Per manual: last runs, next scheduled time, pending email, "
               "changes awaiting review; and whether a run is in progress, and the database "
               "size."),
    "schedule": (_CLI + "run", "Run every manual on the `[schedule] cron` line, in the "
                 "foreground (for systemd)."),
    "changes": (_CLI + "read", "Changes recorded so far, newest first, then identical edits "
                "made in several chapters (grouped, to be reviewed once)."),
    "history": (_CLI + "read", "Versions of one chapter (by URL, title, or any number it has "
                "or had), each with what changed."),
    "diff": (_CLI + "read", "Word-level diff of one chapter between two versions or dates, "
             "with its links diff."),
    "show": (_CLI + "read", "The chapter's text as it stood on a date, at a version or at the "
             "baseline."),
    "amendments": (_CLI + "amendments", "The amendments appendix: year, month, New / Updated "
                   "/ Removed / Renamed or Moved tables."),
    "contents": (_CLI + "amendments", "The manual's contents as last seen: our Updated/New "
                 "badges beside the publisher's."),
    "subscribe": (_CLI + "people", "Send EMAIL one digest per run about the chapters it "
                  "follows."),
    "unsubscribe": (_CLI + "people", "Stop sending email to EMAIL."),
    "subscribers": (_CLI + "people", "Who receives email, and what each follows."),
    "sample-site": (_CLI + "sample", "Serve the bundled sample manual (or a sample "
                    "council's copy) over HTTP until interrupted."),
    "demo": (_CLI + "sample", "The whole pipeline offline on the bundled sample manual "
             "(editions 1 -> 3)."),
    "approve": (_CLI + "review", "Publish a quarantined run's changes (appendix, email) as if "
                "it had been ok."),
    "reject": (_CLI + "review", "Discard a quarantined run: its versions are kept for the "
               "record but never used."),
    "audit": (_CLI + "audit", "Where the publisher's markers, dates and Amendments page "
              "disagree with the text: silent changes, markers without a change, dates "
              "outside the window of the change, and links in chapters that answer 404/410."),
    "serve": (_CLI + "web", "Serve the review web application (history, compare, search, "
              "sign-off)."),
    "reviewer": (_CLI + "reviewers", "Manage the reviewers who may sign changes off."),
    "reviews": (_CLI + "web", "The sign-off audit trail: who decided what about which change, "
                "and when."),
    "check": (_CLI + "check", "Check the database: integrity, foreign keys, schema version and "
              "email stuck in 'sending'."),
    "documents": (_CLI + "documents", "Linked documents tracked (forms, templates, leaflets): "
                  "the chapters that link them, their last change, and any problem fetching "
                  "them."),
    "counterparts": (_CLI + "across", "The same procedure in every other configured manual, "
                     "found from the text."),
    "compare": (_CLI + "across", "Word-level diff from A's chapter to its counterpart in "
                "manual B."),
    "adoption": (_CLI + "across", "Edits recorded in one manual and which other manuals have "
                 "taken them up, and when."),
}


class _Commands(LazyGroup):
    """The command group; a damaged database anywhere is one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            app = ctx.obj if isinstance(ctx.obj, App) else None
            where = app.db_path or "the database" if app else "the database"
            if app is not None and not app.db_path:
                with contextlib.suppress(Failure):
                    where = str(app.store_path)
            raise Failure(f"{where}: database error: {exc} (run `manualwatch check`)") from None


@click.group(cls=_Commands, lazy=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="manualwatch")
@click.option("--config", "config_path", metavar="FILE",
              help="Config file (default: $MANUALWATCH_CONFIG, else ./config.toml).")
@click.option("--db", "db_path", metavar="FILE", help="SQLite file; overrides [store] path.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_path: str | None) -> None:
    """Watch an online procedures manual and tell people exactly what changed."""
    ctx.obj = App(config_path, db_path)


def main() -> None:
    cli(prog_name="manualwatch")
