"""A click group whose commands are imported by name, only when one is run or asked about.

`manualwatch --help` lists every command from a table of (module, short help) without
importing any command module; `manualwatch status` imports only the module holding `status`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

import click


class LazyGroup(click.Group):
    """A group given `lazy` = command name -> (module path, short help shown in the list).

    A module named there holds a `COMMANDS` tuple of click commands; the one whose name
    matches is loaded on first use and kept.
    """

    def __init__(self, *args: object, lazy: Mapping[str, tuple[str, str]], **kwargs: object
                 ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(load_command(self.lazy[cmd_name][0], cmd_name))
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, as click would print it, from the table's short helps."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._short_help(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str:
        if name in self.commands or name not in self.lazy:
            command = self.get_command(ctx, name)
            return command.get_short_help_str(limit) if command else ""
        # a stand-in command shortens the text exactly as click shortens a loaded one's help
        return click.Command(name, help=self.lazy[name][1]).get_short_help_str(limit)


def load_command(module: str, name: str) -> click.Command:
    """The command called `name` among `module`'s COMMANDS."""
    for command in importlib.import_module(module).COMMANDS:
        if command.name == name:
            return command
    raise LookupError(f"{module} has no command {name!r}")

