"""Every command has help, and the README lists every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from manualwatch.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = cli.commands[name]
    assert command.help, f"{name} lacks help"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"manualwatch {name}" in README


def test_contract_commands_exist() -> None:
    for name in ("run", "changes", "history", "diff", "amendments", "subscribe", "unsubscribe",
                 "subscribers", "send", "status", "sample-site", "demo"):
        assert name in cli.commands
