"""`make mutate`: mutation testing (mutmut 3) of the modules that carry the contract.

Each group of modules is mutated in its own scratch copy of the project (under
``.mutate/<group>``, kept between runs so unchanged mutants are not run again) with only the
test files that specify it; mutmut then runs, for each mutant, just the tests among those that
call the mutated function. Prints killed / survived per module; a survivor must be killed by a
new test or listed in tests/MUTANTS.md as equivalent.

    python tests/mutate.py [GROUP ...] [--max-children N] [--only PATTERN]

Groups: differ, cycle, store, config (the default set) and web.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutate"
COPIED = ("crawler", "differ", "store", "notifier", "manualwatch", "tests", "bench",
          "config.toml", "README.md", "Makefile", "pyproject.toml")

# group -> (modules mutated, test files that specify them)
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "differ": (
        ("differ/counting.py", "differ/lcs.py", "differ/pairing.py", "differ/moves.py"),
        ("tests/test_differ_counts.py", "tests/test_differ_exact.py",
         "tests/test_differ_moves.py", "tests/test_differ_ops.py",
         "tests/test_differ_properties.py", "tests/test_differ_groups.py",
         "tests/test_differ_sections.py", "tests/test_differ_pairing.py",
         "tests/test_differ_units.py", "tests/test_differ_big.py"),
    ),
    "cycle": (
        ("manualwatch/cycle/identity.py", "manualwatch/cycle/guards.py",
         "manualwatch/cycle/quarantine.py"),
        ("tests/test_identity.py", "tests/test_guards.py", "tests/test_quarantine.py"),
    ),
    "store": (
        ("store/outbox.py", "store/versions.py", "store/chapters.py"),
        ("tests/test_store_units.py", "tests/test_store_versions.py",
         "tests/test_store_version_links.py",
         "tests/test_quarantine.py", "tests/test_send_command.py",
         "tests/test_email_delivery.py", "tests/test_email_kill.py"),
    ),
    "config": (
        ("manualwatch/config.py",),
        ("tests/test_config.py", "tests/test_ops_config.py", "tests/test_config_keys.py"),
    ),
    "web": (
        ("manualwatch/web/security.py", "manualwatch/web/auth.py"),
        ("tests/test_web_security.py", "tests/test_web_serve.py", "tests/test_web_signoff.py"),
    ),
}
DEFAULT = ("differ", "cycle", "store", "config")

KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9}  # a test failed, or the mutant hung/crashed
SURVIVED = {0, 5, 33}  # every test passed, or no test ran it


def _mutmut_config(modules: tuple[str, ...], tests: tuple[str, ...]) -> str:
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    sources = sorted({m.split("/")[0] + "/" for m in modules})
    also = [c for c in COPIED if c + "/" not in sources]
    return ("\n[tool.mutmut]\n"
            f"source_paths = {quoted(sources)}\n"
            f"only_mutate = {quoted(modules)}\n"
            f"also_copy = {quoted(also)}\n"
            'pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:cacheprovider"]\n'
            f"pytest_add_cli_args_test_selection = {quoted(tests)}\n")


def _prepare(group: str) -> Path:
    modules, tests = GROUPS[group]
    work = SCRATCH / group
    work.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=ignore, dirs_exist_ok=True)
        else:
            shutil.copy2(source, work / name)
    project = (ROOT / "pyproject.toml").read_text("utf-8")
    (work / "pyproject.toml").write_text(project + _mutmut_config(modules, tests), "utf-8")
    return work


def _counts(work: Path, module: str) -> tuple[int, int, list[str]]:
    meta = work / "mutants" / (module + ".meta")
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.exists() else {}
    survivors = sorted(k for k, c in codes.items() if c in SURVIVED)
    killed = sum(1 for c in codes.values() if c in KILLED)
    return killed, len(survivors), survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=", ".join(GROUPS))
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--only", metavar="PATTERN", action="append", default=[],
                        help="only mutants matching this glob, e.g. 'differ.pairing.*'")
    args = parser.parse_args()
    unknown = set(args.groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {sorted(unknown)}; choose from {', '.join(GROUPS)}")
    mutmut = Path(sys.executable).with_name("mutmut")
    rows, survivors = [], []
    started = time.monotonic()
    for group in args.groups or DEFAULT:
        work = _prepare(group)
        print(f"== {group}: mutating {', '.join(GROUPS[group][0])}", flush=True)
        subprocess.run([str(mutmut), "run", "--max-children", str(args.max_children),
                        *args.only], cwd=work, stdout=subprocess.DEVNULL, check=False)
        for module in GROUPS[group][0]:
            killed, survived, names = _counts(work, module)
            rows.append((module, killed, survived))
            survivors.extend(names)
    print(f"\n{'module':<34} {'killed':>7} {'survived':>9} {'killed %':>9}")
    for module, killed, survived in rows:
        total = killed + survived
        share = f"{100 * killed / total:.1f}" if total else "-"
        print(f"{module:<34} {killed:>7} {survived:>9} {share:>9}")
    print(f"\n{len(survivors)} survivors (each must be in tests/MUTANTS.md); "
          f"{time.monotonic() - started:.0f} s")
    for name in survivors:
        print(f"  {name}")
    listed = (ROOT / "tests" / "MUTANTS.md").read_text("utf-8")
    unlisted = [name for name in survivors if f"`{name}`" not in listed]
    for name in unlisted:
        print(f"not in tests/MUTANTS.md: {name}")
    return 1 if unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
