"""The package list is the pipeline: a stage imports only the stages below it, and no module circle.

Every import in checker/ counts, also those inside functions (a lazy import is still a dependency).
"""
import ast
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parent.parent / "checker"

# Lowest first. A module may import its own stage and the stages before it, never one after it.
STAGES = ["errors", "progress", "text", "read", "article", "library", "check", "rules", "decisions", "report", "output", "pipeline",
          "batch", "commands", "serve", "cli", "__main__"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(CHECKER).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["checker", *parts])


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module imported, line) for every checker import of a file."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("checker"):
                if node.module is None:  # `from . import layout` names a module; `from .. import __version__` does not
                    for alias in node.names:
                        sub = f"{target}.{alias.name}"
                        found.append((sub if _is_module(sub) else target, node.lineno))
                else:
                    found.append((target, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names if alias.name.startswith("checker"))
    return found


def _is_module(name: str) -> bool:
    path = CHECKER.joinpath(*name.split(".")[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "errors"  # `checker` itself holds only __version__


MODULES = sorted(CHECKER.rglob("*.py"))


def test_every_module_belongs_to_a_known_stage():
    unknown = {_stage(_module_name(p)) for p in MODULES} - set(STAGES) - {"errors"}
    assert not unknown, f"add these to STAGES in their place in the pipeline: {unknown}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CHECKER)))
def test_no_import_from_a_later_stage(path):
    own = STAGES.index(_stage(_module_name(path)))
    upward = [f"line {line}: {target}" for target, line in _imports(path)
              if STAGES.index(_stage(target)) > own]
    assert not upward, f"{path.name} imports a later stage: {upward}"


def _resolve(target: str, modules: set[str]) -> str | None:
    while target and target not in modules:  # `from .x import Name`: the module is x, not x.Name
        target = target.rsplit(".", 1)[0] if "." in target else ""
    return target or None


def test_no_import_circle():
    names = {_module_name(p): p for p in MODULES}
    graph = {name: {m for target, _ in _imports(path) if (m := _resolve(target, set(names))) and m != name}
             for name, path in names.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_test_sees_imports_inside_functions():
    """The walk must count lazy imports, or an upward import hidden in a function would pass."""
    targets = [t for t, _ in _imports(CHECKER / "batch.py")]
    assert "checker.pipeline" in targets
