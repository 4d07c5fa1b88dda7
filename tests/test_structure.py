"""The extract package's modules import each other without a cycle, and at module level only."""
from __future__ import annotations

import ast
from pathlib import Path

EXTRACT = Path(__file__).resolve().parent.parent / "corpus_tool" / "extract"
# Imports inside functions that are not lazy imports of a heavy library: figures_of_text is kept as
# it is (segmentation is optional for it), and people.py is leaving extract/.
KNOWN_INNER = {("figures.py", "..segment"), ("people.py", ".officials"), ("people.py", "..")}


def _imports(path: Path):
    """(module imported, relative level, line, inside a function) for every import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level, node.lineno, id(node) in inner
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, 0, node.lineno, id(node) in inner


def _graph() -> dict[str, set[str]]:
    """Each extract module and the extract modules it imports at module level."""
    graph = {}
    for path in EXTRACT.glob("*.py"):
        graph[path.stem] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
                graph[path.stem].update(n.split(".")[0] for n in names)
    return graph


def test_extract_modules_import_no_cycle():
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, f"import cycle: {' -> '.join(path + [module])}"
        if module in done:
            return
        for other in graph.get(module, ()):
            visit(other, path + [module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_imports_inside_functions_are_lazy_library_imports_with_a_reason():
    for path in sorted(EXTRACT.glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for module, level, line, inner in _imports(path):
            if not inner or (path.name, "." * level + module) in KNOWN_INNER:
                continue
            assert level == 0, f"{path.name}:{line}: a module of the package imported inside a function"
            said = lines[line - 1] + lines[line - 2] + (lines[line - 3] if line >= 3 else "")
            assert "lazy" in said, f"{path.name}:{line}: a lazy import needs a comment saying why"
