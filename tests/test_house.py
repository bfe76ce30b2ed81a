"""The shape of the code: imports flow one way and no module imports itself round a circle.

Read from the source with `ast`, so a new import against the flow fails here, not in review.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("manualwatch", "crawler", "differ", "store", "notifier", "matching")
# The four library packages import none of the orchestration, and the first three none of
# each other; the notifier renders from the store's records and the differ's results.
MAY_IMPORT = {
    "crawler": set(),
    "differ": set(),
    "store": set(),
    "notifier": {"store", "differ"},
    "matching": {"differ"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules that `name` imports (a package import counts as its __init__)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {target for target in targets if target in MODULES and target != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle_through(start: str) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in GRAPH[node]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_the_graph_is_read_from_the_real_source() -> None:
    assert "manualwatch.cycle.pipeline" in GRAPH
    assert "crawler" in GRAPH["manualwatch.cycle.pipeline"] or any(
        target.startswith("crawler") for target in GRAPH["manualwatch.cycle.pipeline"])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_itself_round_a_circle(module: str) -> None:
    """A package's __init__ re-exporting its own modules is not a circle of concern."""
    cycle = _cycle_through(module)
    if cycle is not None and all(step.split(".")[0] == module.split(".")[0] for step in cycle):
        inits = [step for step in cycle if (ROOT / step.replace(".", "/") / "__init__.py").exists()]
        if inits and all(step.startswith(inits[0] + ".") or step == inits[0] for step in cycle):
            cycle = None
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_library_packages_import_only_what_the_flow_allows(package: str) -> None:
    allowed = {package, *MAY_IMPORT[package]}
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items() if name.split(".")[0] == package
        for target in targets if target.split(".")[0] not in allowed
    )
    assert wrong == []


def test_orchestration_is_grouped_by_role_not_flat() -> None:
    flat = sorted(path.name for path in (ROOT / "manualwatch").glob("*.py"))
    assert len(flat) <= 8, flat
