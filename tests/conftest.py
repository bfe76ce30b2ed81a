"""Shared fixtures: a config pointing at a local server, and a runner of `manualwatch`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from manualwatch.cli import cli
from manualwatch.samplesite import EDITIONS
from manualwatch.samplesite.build import build

CONFIG = """\
[store]
path = "manualwatch.db"

[crawl]
delay_seconds = 0
timeout_seconds = 5
retries = 1

[email]
enabled = {email}
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
from = "manualwatch@example.org"

[output]
dir = "output"

[[manuals]]
name = "sample"
title = "Norfolk Children's Services Procedure Manual (sample)"
contents_url = "{contents_url}"
"""


def write_config(folder: Path, contents_url: str, smtp_port: int | None = None) -> Path:
    path = folder / "config.toml"
    path.write_text(CONFIG.format(contents_url=contents_url, smtp_port=smtp_port or 25,
                                  email="true" if smtp_port else "false"), encoding="utf-8")
    return path


class Manualwatch:
    """Runs `manualwatch --config <file> ...` in-process, as a user would from a shell."""

    def __init__(self, config: Path) -> None:
        self.config = config

    def __call__(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["--config", str(self.config), *args],
                                  catch_exceptions=False)

    def run_json(self, *args: str) -> dict:
        result = self("run", "--json", *args)
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)


@pytest.fixture
def schema() -> dict:
    return json.loads((Path(__file__).parent / "contract.schema.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def built_editions(tmp_path_factory) -> dict[int, Path]:
    """Every edition of the sample manual (current layout) built once as real files.
    Read-only: a test that tampers with pages builds its own copy."""
    folder = tmp_path_factory.mktemp("built-editions")
    roots = {n: folder / f"ed{n}" for n in EDITIONS}
    for edition, root in roots.items():
        build(edition, "current", root)
    return roots


@pytest.fixture(scope="session")
def councils(tmp_path_factory):
    """The three sample councils walked through their editions once per session, email on
    and a few subscribers (tests.councilwalk.WATCHERS) from edition 2."""
    from tests.councilwalk import walk_councils_with_mail

    return walk_councils_with_mail(tmp_path_factory.mktemp("councils"))
