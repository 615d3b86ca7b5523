"""House rules of src/vault2anki, kept by a test: folders that are the pipeline (each stage
package says what it takes and gives, and imports only the stages before it), no import circle,
no function over 60 lines, no module over 400 lines. Small pieces are what lets a newcomer read
the code in one sitting."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "vault2anki"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules `name` imports at run time (`if TYPE_CHECKING:` blocks count too:
    a circle that only type checking sees still means the two modules are one)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of `graph` as a path (first == last), else None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_no_import_circle() -> None:
    found = modules()
    graph = {name: imports(name, path, set(found)) for name, path in found.items()}
    # Sub-packages import their parent package's __init__ implicitly; that is not a circle.
    for name in graph:
        graph[name].discard("vault2anki")
    assert cycle(graph) is None, " → ".join(cycle(graph) or [])


def test_the_circle_finder_finds_circles() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_function_over_60_lines() -> None:
    long = []
    for name, path in modules().items():
        for func in functions(ast.parse(path.read_text(encoding="utf-8"))):
            length = (func.end_lineno or func.lineno) - func.lineno + 1
            if length > MAX_FUNCTION_LINES:
                long.append(f"{name}.{func.name}: {length} lines")
    assert long == []


def test_no_module_over_400_lines() -> None:
    long = []
    for name, path in modules().items():
        length = len(path.read_text(encoding="utf-8").splitlines())
        if length > MAX_MODULE_LINES:
            long.append(f"{name}: {length} lines")
    assert long == []


# The stages in pipeline order. A module may import its own stage and the ones before it, never
# one after: the shared records and options come first, the command line last.
STAGES = [
    ("model", "kinds", "chunks", "errors", "report", "options"),
    ("vault",),
    ("cards",),
    ("render",),
    ("apkg",),
    ("identities",),
    ("pipeline",),
    ("export",),
    ("preview",),
    ("sync",),
    ("cli",),
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}
TOP = {"vault2anki", "vault2anki.__main__"}  # the package's face: re-exports, `python -m`


def stage(module: str) -> str:
    return module.split(".")[1]


def test_every_module_belongs_to_a_stage() -> None:
    strays = [name for name in modules() if name not in TOP and stage(name) not in RANK]
    assert strays == [], "add these to a stage package (or STAGES)"


def test_no_import_reaches_a_later_stage() -> None:
    found = modules()
    upward = []
    for name, path in found.items():
        if name in TOP:
            continue
        for target in imports(name, path, set(found)) - TOP:
            if RANK[stage(target)] > RANK[stage(name)]:
                upward.append(f"{name} → {target}")
    assert upward == []


def test_every_stage_package_says_what_it_takes_and_gives() -> None:
    silent = []
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        if not doc or ("Takes" not in doc and "takes" not in doc):
            silent.append(folder.name)
    assert silent == []


def test_the_stage_checker_sees_a_later_stage() -> None:
    assert RANK[stage("vault2anki.vault.walk")] < RANK[stage("vault2anki.render.renderer")]
    assert RANK[stage("vault2anki.cli.commands")] == len(STAGES) - 1
