"""`manualwatch serve` listens on 127.0.0.1 unless --host says otherwise, and answers."""

from __future__ import annotations

import signal
from pathlib import Path

import requests

from store import open_database
from tests.cliprocess import CliProcess
from tests.conftest import write_config
from tests.smtpserver import free_port


def test_serve_binds_to_localhost_by_default(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9/contents")
    open_database(tmp_path / "manualwatch.db").close()  # serve never creates the store
    port = free_port()
    process = CliProcess(config, "serve", "--port", str(port))
    try:
        line = process.wait_for("serving on")
        assert f"http://127.0.0.1:{port}/" in line
        answer = requests.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert answer.status_code == 200 and "Dashboard" in answer.text
        assert "unsafe-inline" not in answer.headers["Content-Security-Policy"]
        listening = Path("/proc/net/tcp").read_text().split("\n")
        local = [row.split()[1] for row in listening[1:] if row.strip()
                 and row.split()[3] == "0A" and row.split()[1].endswith(f":{port:04X}")]
        assert local == [f"0100007F:{port:04X}"]  # 127.0.0.1 only
    finally:
        process.signal(signal.SIGINT)
        process.finish()
