"""Structured log lines (logfmt) to stderr and, when configured, to a file.

Every line reads `time=... level=info event=run.finished manual=norfolk-cs status=ok ...`,
so an operator can grep it and a log shipper can parse it. Events are logged with `event()`;
`setup_logging()` is called once per command at the CLI edge.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from manualwatch.terminal import escape_field

ROOT = "manualwatch"
_FIELDS = "mw_fields"
_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/@+,")


def logger(name: str) -> logging.Logger:
    """The logger of one module, under the package's root logger."""
    return logging.getLogger(f"{ROOT}.{name}")


def event(log: logging.Logger, level: int, name: str, *, exc_info: bool = False,
          **fields: Any) -> None:
    """Log one event with its fields as key=value pairs (and the traceback, when asked)."""
    log.log(level, name, exc_info=exc_info, extra={_FIELDS: fields})


def _value(value: Any) -> str:
    text = "" if value is None else str(value)
    if text and all(ch in _BARE for ch in text):
        return text
    escaped = escape_field(text.replace("\\", "\\\\").replace('"', '\\"'))  # \n, \x1b ...
    return f'"{escaped}"'


class LogfmtFormatter(logging.Formatter):
    """`time=<UTC ISO> level=<level> event=<message> key=value ...`, one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = {"time": moment, "level": record.levelname.lower(),
                  "event": record.getMessage()}
        if not record.name.startswith(ROOT):
            fields["logger"] = record.name
        fields.update(getattr(record, _FIELDS, {}))
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return " ".join(f"{key}={_value(value)}" for key, value in fields.items())


_OURS = "mw_handler"


def setup_logging(*, level: str = "info", file: Path | None = None, quiet: bool = False,
                  stream: TextIO | None = None) -> None:
    """Send our log lines to stderr (unless quiet) and to `file` (when given).

    Replaces the handlers a previous call installed, so commands run in one process
    (tests, the scheduler) never log twice. APScheduler's own warnings (a missed run)
    go to the same places.
    """
    handlers: list[logging.Handler] = []
    if not quiet:
        handlers.append(logging.StreamHandler(stream or sys.stderr))
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(LogfmtFormatter())
        setattr(handler, _OURS, True)
    _install(logging.getLogger(ROOT), handlers, getattr(logging, level.upper()))
    _install(logging.getLogger("apscheduler"), handlers, logging.WARNING)


def _install(log: logging.Logger, handlers: list[logging.Handler], level: int) -> None:
    for old in [h for h in log.handlers if getattr(h, _OURS, False)]:
        log.removeHandler(old)
        old.close()
    for handler in handlers:
        log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
