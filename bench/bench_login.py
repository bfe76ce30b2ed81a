"""Bench: many sign-in attempts at once against `manualwatch serve`, and the server's memory.

Argon2id takes 64 MiB per password checked. The bench starts the real `serve` command in a
subprocess over a fresh database with one reviewer, then sends ROUNDS rounds of N concurrent
sign-ins with wrong passwords (each from its own address, given in X-Forwarded-For, which the
server believes from loopback, so per-address throttling does not turn them away), then N
with the right password. It prints the answers and the server's peak resident memory
(VmHWM from /proc) after each round.
Run: python bench/bench_login.py [--concurrent 40] [--rounds 3]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ('[store]\npath = "bench.db"\n[email]\nenabled = false\n'
          '[[manuals]]\nname = "m"\ntitle = "Bench"\ncontents_url = "http://127.0.0.1:9/c"\n')
NAME, PASSWORD = "bench reviewer", "the bench's password"
LOG: list[str] = []  # what serve wrote to stderr


def _memory(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of `pid` in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return rss, peak


def _sign_in(base: str, name: str, password: str, address: str) -> int:
    with requests.Session() as browser:
        form = browser.get(base + "/login", timeout=120).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        return browser.post(base + "/login", data={"name": name, "password": password,
                                                   "csrf_token": token},
                            headers={"X-Forwarded-For": address}, allow_redirects=False,
                            timeout=120).status_code


def _round(base: str, count: int, right: bool, offset: int) -> tuple[Counter, float]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        codes = list(pool.map(
            lambda n: _sign_in(base, NAME if right else f"guess {n}",
                               PASSWORD if right else f"wrong {n}",
                               f"198.51.{(offset + n) // 250}.{(offset + n) % 250 + 1}"),
            range(count)))
    return Counter(codes), time.perf_counter() - start


def _serve(folder: Path) -> tuple[subprocess.Popen, str]:
    config = folder / "config.toml"
    config.write_text(CONFIG, "utf-8")
    command = [sys.executable, "-m", "manualwatch", "--config", str(config)]
    subprocess.run([*command, "reviewer", "add", NAME, "--password-stdin"], check=True,
                   input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT)
    server = subprocess.Popen([*command, "serve", "--port", "0"], stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    line = server.stderr.readline()
    base = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
    if not base:
        server.kill()
        raise SystemExit(f"serve did not start: {line}")
    drain = threading.Thread(target=lambda: LOG.extend(server.stderr), daemon=True)
    drain.start()
    return server, base.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrent", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="8 at once, 1 round (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.concurrent, args.rounds = 8, 1
    with tempfile.TemporaryDirectory() as folder:
        server, base = _serve(Path(folder))
        try:
            requests.get(base + "/", timeout=60)
            rss, _ = _memory(server.pid)
            print(f"serve started: {rss:.0f} MB resident\n")
            print("| round | sign-ins at once | answers | wall s | RSS after MB |"
                  " peak RSS so far MB |\n|---|---|---|---|---|---|")
            plan = [False] * args.rounds + [True]
            for n, right in enumerate(plan, 1):
                codes, wall = _round(base, args.concurrent, right, n * args.concurrent)
                rss, peak = _memory(server.pid)
                answers = ", ".join(f"{count}× {code}" for code, count in sorted(codes.items()))
                kind = "right password" if right else "wrong passwords"
                print(f"| {n} ({kind}) | {args.concurrent} | {answers} | {wall:.1f} |"
                      f" {rss:.0f} | {peak:.0f} |")
        finally:
            server.terminate()
            server.wait(timeout=30)
            time.sleep(0.5)  # let the drain thread read serve's last lines
            errors = [line.rstrip() for line in LOG if "Error" in line or "Traceback" in line]
            print(f"\nserver errors logged: {len(errors)}" + "".join(
                f"\n  {line}" for line in errors[:10]))


if __name__ == "__main__":
    main()
