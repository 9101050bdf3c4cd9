"""The toolkit's shape, checked from its source with ``ast`` (docs/architecture.md).

Every import counts: at module level, inside ``if TYPE_CHECKING:`` and inside functions, so
that hiding an import in a function does not hide a cycle.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    imports: dict[str, int] = field(default_factory=dict)  # toolkit module -> first line importing it
    private: list[str] = field(default_factory=list)  # "line: what" for each private name from elsewhere


def _modules() -> dict[str, Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        out[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return out


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _target(mod: Module, node: ast.ImportFrom) -> str:
    """The absolute module a ``from ... import`` reads from."""
    if not node.level:
        return node.module or ""
    package = mod.name if mod.path.name == "__init__.py" else mod.name.rpartition(".")[0]
    base = package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _collect(mod: Module, names: set[str] | dict[str, Module]) -> None:
    """Fill ``mod.imports`` and ``mod.private`` from its source."""
    bound: dict[str, str] = {}  # local name -> the toolkit module it is, or was taken from
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.ImportFrom):
            target = _target(mod, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in names:
                    mod.imports.setdefault(sub, node.lineno)
                    bound[alias.asname or alias.name] = sub
                elif target in names:
                    mod.imports.setdefault(target, node.lineno)
                    bound[alias.asname or alias.name] = target
                    if _is_private(alias.name) and target != mod.name:
                        mod.private.append(f"{node.lineno}: from {target} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in names:
                    mod.imports.setdefault(alias.name, node.lineno)
                    if alias.asname:
                        bound[alias.asname] = alias.name
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            base = node.value
            if isinstance(base, ast.Name) and base.id in bound and bound[base.id] != mod.name:
                mod.private.append(f"{node.lineno}: {base.id}.{node.attr} (from {bound[base.id]})")
    mod.imports.pop(mod.name, None)


def _graph() -> dict[str, Module]:
    mods = _modules()
    for mod in mods.values():
        _collect(mod, mods)
    return mods


GRAPH = _graph()


def _cycles(graph: dict[str, Module]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root].imports)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, edges = work[-1]
            for w in edges:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w].imports))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
    return found


def _describe(graph: dict[str, Module], comp: list[str]) -> str:
    """The component's import edges, with the line that makes each one."""
    edges = [
        f"{a} -> {b} ({graph[a].path.relative_to(ROOT)}:{graph[a].imports[b]})"
        for a in comp
        for b in sorted(graph[a].imports)
        if b in comp
    ]
    return " <-> ".join(comp) + ":\n    " + "\n    ".join(edges)


def _planted(name: str, source: str) -> Module:
    mod = Module(name, PACKAGE / (name.rpartition(".")[2] + ".py"), ast.parse(source))
    _collect(mod, {*GRAPH, name, "toolkit.planted"})
    return mod


def test_the_checks_see_every_kind_of_import():
    """The checker itself: relative, absolute, TYPE_CHECKING and function-level imports count,
    and a private name is caught whether imported or reached through its module."""
    assert {"toolkit.catalog", "toolkit.yamlio"} <= set(GRAPH["toolkit.workspace"].imports)
    assert "toolkit.units" in GRAPH["toolkit.catalog_check"].imports  # under TYPE_CHECKING
    hidden = _planted(
        "toolkit.planted",
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .units import Units\n"
        "def f():\n    from .catalog import _Blank\n    from toolkit import periods as P\n    return P._x\n",
    )
    assert set(hidden.imports) == {"toolkit.catalog", "toolkit.periods", "toolkit.units"}
    assert [p.split(": ", 1)[1] for p in hidden.private] == [
        "from toolkit.catalog import _Blank",
        "P._x (from toolkit.periods)",
    ]
    back = _planted("toolkit.periods", "def g():\n    import toolkit.planted\n")
    graph = {**GRAPH, hidden.name: hidden, back.name: back}
    (comp,) = [c for c in _cycles(graph) if "toolkit.planted" in c]
    assert "toolkit.periods -> toolkit.planted (toolkit/periods.py:2)" in _describe(graph, comp)


def test_no_import_cycles():
    cycles = _cycles(GRAPH)
    assert not cycles, "import cycles in toolkit/ (remove them by moving code):\n" + "\n".join(
        _describe(GRAPH, c) for c in cycles
    )


def test_no_private_names_across_modules():
    """A ``_name`` is its module's own: another module neither imports nor reaches for it."""
    found = [f"{m.path.relative_to(ROOT)}:{p}" for m in GRAPH.values() for p in m.private]
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_every_module_says_what_it_holds():
    """Every module opens with a docstring (docs/architecture.md points newcomers at them)."""
    bare = [str(m.path.relative_to(ROOT)) for m in GRAPH.values() if m.tree.body and not ast.get_docstring(m.tree)]
    assert not bare, "modules without a docstring: " + ", ".join(bare)


# The stages, in the order data flows (docs/architecture.md). A stage imports the core and the
# stages before it, never one after it; the core imports no stage. The tools at the top (the
# commands, the demo, the pictures of each stage's preview) may import anything.
STAGES = [("gate",), ("forms",), ("validate",), ("intake",), ("master",), ("report", "definitions")]
TOOLS = ("toolkit.commands", "toolkit.demo")


def _stage(name: str) -> int | None:
    """The rank of a module's stage; None for the core; len(STAGES) for the tools."""
    parts = name.split(".")
    if name.startswith(TOOLS) or parts[-1] == "preview":
        return len(STAGES)
    for rank, packages in enumerate(STAGES):
        if len(parts) > 1 and parts[1] in packages:
            return rank
    return None


def test_each_stage_imports_only_the_core_and_the_stages_before_it():
    wrong = []
    for mod in GRAPH.values():
        mine = _stage(mod.name)
        for target, line in mod.imports.items():
            theirs = _stage(target)
            if theirs is None or theirs == mine:
                continue
            if mine is None or theirs > mine:
                wrong.append(f"{mod.path.relative_to(ROOT)}:{line}: {mod.name} -> {target}")
    assert not wrong, "imports against the stages' order (docs/architecture.md):\n" + "\n".join(wrong)


PROCESS_CACHES = ("cache", "lru_cache")  # functools; cached_property lives and dies with its object
# module-level dicts that are not caches: registries filled at import, a pool worker's state
NOT_CACHES = {
    ("toolkit.findings.code", "_REGISTRY"),  # every finding code, declared at import
    ("toolkit.findings.code", "_AREAS"),
    ("toolkit.caches", "_REGISTRY"),
    ("toolkit.validate.run", "_WORKER"),  # a pool worker's workspace
}


MUTATORS = {"setdefault", "update", "add", "pop", "popitem", "clear", "append", "put"}


def _written_names(tree: ast.Module) -> set[str]:
    """Names a module writes into at run time (``X[k] = v``, ``X.setdefault(...)``, ...)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                    out.add(t.value.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            if isinstance(node.func.value, ast.Name):
                out.add(node.func.value.id)
    return out


def test_process_global_caches_are_declared_in_toolkit_caches():
    """No functools cache and no module-level dict or set filled at run time outside
    :mod:`toolkit.caches` (``caches.memo`` / ``caches.function``), so ``caches.clear()``
    empties every one."""
    found = []
    for mod in GRAPH.values():
        if mod.name == "toolkit.caches":
            continue
        where = mod.path.relative_to(ROOT)
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.ImportFrom) and node.module == "functools":
                found += [f"{where}:{node.lineno}: functools.{a.name}" for a in node.names if a.name in PROCESS_CACHES]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "functools":
                if node.attr in PROCESS_CACHES:
                    found.append(f"{where}:{node.lineno}: functools.{node.attr}")
        written = _written_names(mod.tree)
        for node in mod.tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            empty = (isinstance(value, ast.Dict) and not value.keys) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("dict", "set")
            )
            if (
                isinstance(target, ast.Name)
                and empty
                and target.id in written
                and (mod.name, target.id) not in NOT_CACHES
            ):
                found.append(f"{where}:{node.lineno}: {target.id} = {ast.unparse(value)}")  # type: ignore[arg-type]
    assert not found, "caches outside toolkit/caches.py:\n" + "\n".join(found)
