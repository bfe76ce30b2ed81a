"""`manualwatch` as a real subprocess for operations tests: configs with several manuals,
stderr read line by line without blocking, and a port where nothing listens.

    process = CliProcess(config, "run", "--json")
    process.wait_for("event=page.stored")      # the line, or AssertionError after a timeout
    process.signal(signal.SIGTERM)
    assert process.finish() == 1
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

WAIT_SECONDS = 60  # generous: a failure, not a slow pass, is what this limit catches

MANUAL = """
[[manuals]]
name = "{name}"
title = "{name} (sample)"
contents_url = "{url}"
"""


def ops_config(folder: Path, manuals: list[tuple[str, str]], *, delay: float = 0.0,
               extra: str = "", log: str = 'level = "debug"',
               smtp_port: int | None = None) -> Path:
    """A config for `manuals` [(name, contents_url)], email off (or to an SMTP server on
    127.0.0.1 at `smtp_port`), `[log]` as given."""
    email = ("enabled = false" if smtp_port is None else
             f'enabled = true\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\n'
             'from = "manualwatch@example.org"')
    text = (f'[store]\npath = "manualwatch.db"\n\n[crawl]\ndelay_seconds = {delay}\n'
            f'timeout_seconds = 5\nretries = 0\n\n[email]\n{email}\n\n'
            '[output]\ndir = "output"\n\n[log]\n' + log + "\n" + extra)
    text += "".join(MANUAL.format(name=name, url=url) for name, url in manuals)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused_url() -> str:
    """A URL on 127.0.0.1 whose port had a listener a moment ago and has none now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/contents/contents"


def _interruptible() -> None:
    """In the child: SIGINT back to its default, so Python turns it into KeyboardInterrupt
    even when the tests run as a background job (whose shell ignores SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class CliProcess:
    """`python -m manualwatch --config FILE ARGS...` with stderr lines queued as they come."""

    def __init__(self, config: Path, *args: str, stderr_fd: int | None = None) -> None:
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]),
                   PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "manualwatch", "--config", str(config), *args],
            stdout=subprocess.PIPE, stderr=stderr_fd if stderr_fd is not None else subprocess.PIPE,
            text=True, env=env, preexec_fn=_interruptible)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.stdout = ""
        self._out: list[str] = []
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        self._pumping = stderr_fd is None
        if self._pumping:
            threading.Thread(target=self._pump, daemon=True).start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        self._out.append(self.process.stdout.read())

    @property
    def pid(self) -> int:
        return self.process.pid

    def _pump(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text: str) -> str:
        """The first stderr line containing `text` (lines before it are kept in `seen`)."""
        while True:
            try:
                line = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                raise AssertionError(f"no {text!r} on stderr; saw {self.seen[-5:]}") from None
            if line is None:
                raise AssertionError(f"stderr closed before {text!r}; saw {self.seen[-5:]}")
            self.seen.append(line)
            if text in line:
                return line

    def signal(self, sig: signal.Signals) -> None:
        self.process.send_signal(sig)

    def finish(self) -> int:
        """Wait for the exit; the rest of stderr lands in `seen`, stdout in `stdout`."""
        code = self.process.wait(timeout=WAIT_SECONDS)  # a hung child fails the test
        self._reader.join(WAIT_SECONDS)
        self.stdout = "".join(self._out)
        while self._pumping:
            try:
                line = self.lines.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
        return code

    def stderr(self) -> str:
        return "".join(self.seen)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT_SECONDS)
