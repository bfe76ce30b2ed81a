"""Every command has help, the README lists every command, and the lazy command list is true."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from manualwatch.cli import COMMANDS, cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
MODULES = sorted({module for module, _ in COMMANDS.values()})


def _loaded(name: str) -> click.Command:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"{name} does not load"
    return command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = _loaded(name)
    assert command.help, f"{name} lacks help"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"manualwatch {name}" in README


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_short_help_is_the_commands_own(name: str) -> None:
    full = _loaded(name).get_short_help_str(10_000)
    assert COMMANDS[name][1] == full


@pytest.mark.parametrize("module", MODULES)
def test_every_command_of_a_module_is_listed(module: str) -> None:
    names = {c.name for c in importlib.import_module(module).COMMANDS}
    assert names == {n for n, (m, _) in COMMANDS.items() if m == module}


def test_help_lists_what_an_eager_group_would() -> None:
    eager = click.Group("manualwatch", params=cli.params, help=cli.help,
                        context_settings=cli.context_settings)
    for module in MODULES:
        for command in importlib.import_module(module).COMMANDS:
            eager.add_command(command)
    # a fresh process: no command module imported yet, so the list comes from COMMANDS
    lazy_help = subprocess.run([sys.executable, "-m", "manualwatch", "--help"],
                               capture_output=True, text=True, check=True,
                               env=os.environ | {"COLUMNS": "80"}).stdout
    eager_help = CliRunner().invoke(eager, ["--help"], prog_name="manualwatch",
                                    terminal_width=78).output
    assert lazy_help == eager_help
    assert re.search(r"^  status +Per manual: last runs", lazy_help, re.M)


def test_contract_commands_exist() -> None:
    for name in ("run", "changes", "history", "diff", "amendments", "subscribe", "unsubscribe",
                 "subscribers", "send", "status", "sample-site", "demo"):
        assert name in COMMANDS
