"""The operations keys: [schedule] timezone, jitter and misfire grace, [log] file and level,
each checked with a one-line error naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from manualwatch.config import ConfigError, load_config
from tests.conftest import Manualwatch
from tests.test_config import MANUAL
from tests.test_config import write as write_text


def write(tmp_path: Path, text: str) -> Path:
    return write_text(tmp_path, text + MANUAL)


def test_defaults_and_relative_log_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert (config.schedule_cron, config.schedule_timezone) == ("0 2 * * *", "Europe/London")
    assert (config.schedule_jitter_seconds, config.schedule_misfire_grace_seconds) == (0, 3600)
    assert (config.log_file, config.log_level) == (None, "info")
    (tmp_path / "logs").mkdir()  # the log file's directory must exist (issue 12)
    config = load_config(write(tmp_path, '[log]\nfile = "logs/mw.log"\nlevel = "debug"\n'))
    assert (config.log_file, config.log_level) == (tmp_path / "logs" / "mw.log", "debug")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[schedule]\ntimezone = "Mars/Olympus"\n', "[schedule] timezone: unknown time zone"),
        ('[schedule]\ncron = "99 2 * * *"\n', "[schedule] cron '99 2 * * *'"),
        ('[schedule]\ncron = "0 2 * * 8"\n', "[schedule] cron '0 2 * * 8'"),
        ("[schedule]\njitter_seconds = -5\n", "[schedule] jitter_seconds must be >= 0"),
        ("[schedule]\nmisfire_grace_seconds = 0\n", "[schedule] misfire_grace_seconds must be"),
        ('[log]\nlevel = "loud"\n', "[log] level must be one of"),
        ("[log]\nfile = 3\n", "[log] file must be a string"),
    ],
    ids=["timezone", "cron-range", "cron-weekday", "jitter", "misfire", "level", "file"],
)
def test_bad_operations_values(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_schedule_with_a_bad_config_exits_2_at_once(tmp_path: Path) -> None:
    result = Manualwatch(write(tmp_path, '[schedule]\ntimezone = "Nowhere"\n'))("schedule")
    assert result.exit_code == 2 and "timezone" in result.output
