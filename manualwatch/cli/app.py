"""What every command shares: the loaded config and database, and its error type."""

from __future__ import annotations

import json
import os
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from manualwatch.terminal import escape_json, escape_output

if TYPE_CHECKING:
    import sqlite_utils

    from manualwatch.config import Config, ManualConfig


class Failure(click.ClickException):
    """Bad usage, bad config, or nothing could run: exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return escape_output(self.message)


class App:
    """What every command needs, loaded on first use."""

    def __init__(self, config_path: str | None, db_path: str | None) -> None:
        self.config_path = config_path or os.environ.get("MANUALWATCH_CONFIG") or "config.toml"
        self.db_path = db_path
        self.may_create = False  # only run, schedule, subscribe and reviewer create the store

    @cached_property
    def config(self) -> Config:
        from manualwatch.config import ConfigError, load_config  # not needed for --help

        try:
            return load_config(self.config_path)
        except ConfigError as exc:
            raise Failure(str(exc)) from None

    @property
    def store_path(self) -> Path:
        return Path(self.db_path) if self.db_path else self.config.store_path

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The store; a command that only reads never creates it (exit 2 when missing)."""
        from store import StoreError, open_database  # sqlite-utils: only for commands that read

        try:
            return open_database(self.store_path, create=self.may_create)
        except StoreError as exc:
            raise Failure(str(exc)) from None

    def creating(self) -> App:
        """Let this command create the store if it is missing (in an existing directory)."""
        self.may_create = True
        return self

    def manual(self, name: str | None) -> ManualConfig:
        """The manual named, or the only one configured; naming none among several is an error."""
        from manualwatch.config import ConfigError

        if name:
            try:
                return self.config.manual(name)
            except ConfigError as exc:
                raise Failure(str(exc)) from None
        if len(self.config.manuals) > 1:
            names = ", ".join(m.name for m in self.config.manuals)
            raise Failure(f"several manuals are configured ({names}): name one with --manual")
        return self.config.manuals[0]


pass_app = click.make_pass_decorator(App)


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print for a terminal: control characters other than newline and tab, and bidi
    controls, escaped (stored text is never trusted to be clean)."""
    click.echo(escape_output(str(message)), err=err, nl=nl)


def echo_json(data: object) -> None:
    click.echo(escape_json(json.dumps(data, indent=2, ensure_ascii=False)))


def since_option(value: str | None) -> str | None:
    """A --since DATE value, checked; None when not given."""
    if value is None:
        return None
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise Failure(f"--since: expected a date YYYY-MM-DD, got {value!r}") from None
    return value
