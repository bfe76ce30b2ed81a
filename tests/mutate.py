"""`make mutate`: mutation testing (mutmut 3) of the modules that carry the contract.

Each group of modules is mutated in its own scratch copy of the project (under
``.mutate/<group>``, ``.mutate/<group>-2`` for a second part; kept between runs so mutants
already checked are not run again) with only the test files that specify it; mutmut then runs,
for each mutant, just the tests among those that call the mutated function, fastest first.
Prints a table of killed / survived / total per module and the time each group took (wall and
CPU of the test runs); a survivor must be killed by a new test or listed as equivalent in
tests/MUTANTS.md (tests/MUTANTS_web.md for the web group).

    python tests/mutate.py [GROUP ...] [--max-children N] [--only PATTERN]

Groups (all five by default): differ, cycle, store, config, web.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutate"
COPIED = ("crawler", "differ", "store", "notifier", "manualwatch", "tests", "bench",
          "config.toml", "README.md", "Makefile", "pyproject.toml")

# group -> parts, each (modules mutated, test files that specify them), each part run in its own
# scratch copy. Tests that drive a `manualwatch` subprocess (test_email_kill) are left out: the
# child cannot run mutmut's trampolines; so are whole-pipeline tests for the store (a mutant of
# a store function called by every run would rerun them all: about 25 s a mutant), whose
# functions test_store_units pins one by one. Likewise identity and guards (called by every
# run) have their unit tests only, config.py its parsing tests (not test_config_keys, which
# crawls and mails to see each key in behaviour), and the web group has two parts because
# every request goes through security.py: each of its mutants runs every selected test that
# makes a request.
Part = tuple[tuple[str, ...], tuple[str, ...]]
GROUPS: dict[str, tuple[Part, ...]] = {
    "differ": ((
        ("differ/counting.py", "differ/lcs.py", "differ/pairing.py", "differ/moves.py"),
        ("tests/test_differ_counts.py", "tests/test_differ_exact.py",
         "tests/test_differ_moves.py", "tests/test_differ_ops.py",
         "tests/test_differ_properties.py", "tests/test_differ_groups.py",
         "tests/test_differ_sections.py", "tests/test_differ_pairing.py",
         "tests/test_differ_units.py", "tests/test_differ_big.py"),
    ),),
    "cycle": (
        (("manualwatch/cycle/identity.py", "manualwatch/cycle/guards.py"),
         ("tests/test_identity.py", "tests/test_guards.py")),
        (("manualwatch/cycle/quarantine.py",),
         ("tests/test_quarantine.py", "tests/test_across_quarantine.py",
          "tests/test_publish_step_result.py::"
          "test_approve_marks_approved_only_once_publishing_succeeded")),
    ),
    "store": ((
        ("store/outbox.py", "store/versions.py", "store/chapters.py"),
        ("tests/test_store_units.py", "tests/test_store_versions.py",
         "tests/test_store_version_links.py", "tests/test_email_delivery.py"),
    ),),
    "config": ((
        ("manualwatch/config.py",),
        ("tests/test_config.py", "tests/test_ops_config.py",
         "tests/test_config_values_checked.py"),
    ),),
    "web": (
        (("manualwatch/web/security.py",),
         ("tests/test_web_csrf.py", "tests/test_web_security.py", "tests/test_web_sessions.py")),
        (("manualwatch/web/auth.py",),
         ("tests/test_web_sessions.py", "tests/test_web_login_throttle.py",
          "tests/test_web_redirects.py", "tests/test_web_proxy.py", "tests/test_web_privacy.py",
          "tests/test_web_signin_form.py", "tests/test_web_signoff.py")),
    ),
}
DEFAULT = ("differ", "cycle", "store", "config", "web")

KILLED = {1, 3, 36, 24, -24, 152, 255, -11, -9}  # a test failed, or the mutant hung/crashed
SURVIVED = {0, 5, 33}  # every test passed, or no test ran it
LISTS = ("MUTANTS.md", "MUTANTS_web.md")  # where equivalent survivors are listed, by name


# SQL as the project writes it (keywords in capitals)
SQL = re.compile(r"^\W*(SELECT|INSERT|UPDATE|DELETE|WHERE|AND|OR|ORDER BY)\b|"
                 r"\b(FROM|WHERE|VALUES|SET) ")
QUOTED = re.compile(r"'[^']*'")


def _sql_case_only(old: str, new: str) -> bool:
    """Whether `new` is SQL text `old` in another case, its quoted literals unchanged: SQLite
    reads keywords and names in any case, so such a mutant is equivalent by construction."""
    return (old != new and old.casefold() == new.casefold() and bool(SQL.search(old))
            and QUOTED.findall(old) == QUOTED.findall(new))


def _run_mutmut() -> None:
    """mutmut's own command line, without the case mutants of SQL text (see _sql_case_only)."""
    import libcst
    from mutmut.__main__ import cli
    from mutmut.mutation import mutators

    def operator_string(node):
        for mutant in mutators.operator_string(node):
            if not (isinstance(node, libcst.SimpleString)
                    and _sql_case_only(node.value, mutant.value)):
                yield mutant

    for position, (kind, operator) in enumerate(mutators.mutation_operators):
        if operator is mutators.operator_string:
            mutators.mutation_operators[position] = (kind, operator_string)
    sys.argv = ["mutmut", *sys.argv[2:]]
    cli()


def pytest_collection_modifyitems(items: list) -> None:
    """As a pytest plugin of the mutants' test runs: fastest tests first (by the durations
    mutmut measured), so that `-x` stops a killed mutant's run early."""
    for stats in (Path("mutmut-stats.json"), Path("mutants", "mutmut-stats.json")):
        if stats.exists():
            durations = json.loads(stats.read_text("utf-8"))["duration_by_test"]
            items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
            return


def _mutmut_config(modules: tuple[str, ...], tests: tuple[str, ...]) -> str:
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    sources = sorted({m.split("/")[0] + "/" for m in modules})
    also = [c for c in COPIED if c + "/" not in sources]
    return ("\n[tool.mutmut]\n"
            f"source_paths = {quoted(sources)}\n"
            f"only_mutate = {quoted(modules)}\n"
            f"also_copy = {quoted(also)}\n"
            'pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:cacheprovider",'
            ' "-p", "tests.mutate"]\n'
            f"pytest_add_cli_args_test_selection = {quoted(tests)}\n")


def _prepare(group: str, index: int) -> Path:
    modules, tests = GROUPS[group][index]
    work = SCRATCH / (group if index == 0 else f"{group}-{index + 1}")
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


def _counts(work: Path, module: str) -> tuple[int, int, int, list[str]]:
    """Killed, survived, not checked (interrupted or never run) and the survivors' names."""
    meta = work / "mutants" / (module + ".meta")
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.exists() else {}
    survivors = sorted(k for k, c in codes.items() if c in SURVIVED)
    killed = sum(1 for c in codes.values() if c in KILLED)
    return killed, len(survivors), len(codes) - killed - len(survivors), survivors


def _may_match(pattern: str, module: str) -> bool:
    """Whether an --only pattern (a mutant name or glob) can name mutants of `module`."""
    dotted = module.removesuffix(".py").replace("/", ".")
    fixed = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return fixed.startswith(dotted + ".") or (dotted + ".").startswith(fixed)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _table(rows: list[tuple[str, str, int, int, int]],
           times: dict[str, tuple[float, float]]) -> str:
    """The per-module table in Markdown, with each group's wall and CPU time."""
    lines = ["| module | group | killed | survived | not checked | total | killed % |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for module, group, killed, survived, unchecked in rows:
        total = killed + survived + unchecked
        share = f"{100 * killed / total:.1f}" if total else "-"
        lines.append(f"| `{module}` | {group} | {killed} | {survived} | {unchecked} | {total} "
                     f"| {share} |")
    lines += ["", "| group | wall | CPU (test runs) |", "|---|---:|---:|"]
    for group, (wall, cpu) in times.items():
        lines.append(f"| {group} | {wall / 60:.1f} min | {cpu / 60:.1f} min |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=", ".join(GROUPS))
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--only", metavar="PATTERN", action="append", default=[],
                        help="only mutants matching this glob, e.g. 'differ.pairing.*'")
    parser.add_argument("--report", action="store_true",
                        help="run nothing: the table from the results kept in .mutate")
    args = parser.parse_args()
    unknown = set(args.groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {sorted(unknown)}; choose from {', '.join(GROUPS)}")
    rows, survivors, times = [], [], {}
    for group in args.groups or DEFAULT:
        wall, cpu = time.monotonic(), _children_cpu()
        for index, (modules, _tests) in enumerate(GROUPS[group]):
            only = [p for p in args.only if any(_may_match(p, m) for m in modules)]
            if args.report or (args.only and not only):
                continue
            work = _prepare(group, index)
            print(f"== {group}: mutating {', '.join(modules)}", flush=True)
            done = subprocess.run([sys.executable, __file__, "--as-mutmut", "run",
                                   "--max-children", str(args.max_children), *only],
                                  cwd=work, capture_output=True, text=True, check=False)
            if done.returncode:  # e.g. the tests failed before any mutant was made
                print(done.stdout[-3000:].rsplit("\r", 1)[-1], done.stderr[-3000:], sep="\n",
                      file=sys.stderr)
                print(f"mutmut failed in {work} (exit {done.returncode})", file=sys.stderr)
        if not args.report:
            times[group] = (time.monotonic() - wall, _children_cpu() - cpu)
        for index, (modules, _tests) in enumerate(GROUPS[group]):
            work = SCRATCH / (group if index == 0 else f"{group}-{index + 1}")
            for module in modules:
                killed, survived, unchecked, names = _counts(work, module)
                rows.append((module, group, killed, survived, unchecked))
                survivors.extend(names)
    print("\n" + _table(rows, times))
    print(f"\n{len(survivors)} survivors (each must be listed in tests/{' or tests/'.join(LISTS)})")
    listed = "".join((ROOT / "tests" / name).read_text("utf-8") for name in LISTS)
    unlisted = [name for name in survivors if f"`{name}`" not in listed]
    for name in survivors:
        print(f"  {name}" + ("   <- not listed" if name in unlisted else ""))
    unchecked = sum(row[4] for row in rows)
    if unchecked:
        print(f"{unchecked} mutants not checked (interrupted, or left out by --only)")
    never = [row[0] for row in rows if not sum(row[2:])]
    if never:
        print(f"never run: {', '.join(never)}")
    return 1 if unlisted or unchecked or never else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--as-mutmut"]:
        _run_mutmut()
    sys.exit(main())
