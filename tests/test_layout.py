"""The package's layout holds: stages import only down the list, and no import goes round.

Read from the source with ``ast`` (nothing is imported), lazy imports inside functions
included: a newcomer reading a stage never has to look up the list to understand it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geomap

PACKAGE = Path(geomap.__file__).parent
#: The stages from the bottom up; a module may import its own stage and those before it.
STAGES = (
    ("errors", "extras", "records", "normalize", "ids", "registry", "resources", "segment",
     "geometry", "prefilter", "rules", "parsed", "event_types", "interrupts"),
    ("gazetteer",),
    ("recognize",),
    ("resolve",),
    ("geocoders",),
    ("incidents",),
    ("io",),
    ("render",),
    ("pipeline", "eval", "parallel", "cluster", "progress", "collector"),
    ("settings", "options"),
    ("cli", "__main__"),
)
RANK = {name: k for k, names in enumerate(STAGES) for name in names}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "data" in parts or "static" in parts:
            continue  # build scripts of the shipped data, not the package's code
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The geomap modules ``name`` imports (``from geomap.x import y`` is geomap.x.y when
    that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("geomap"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            if base.startswith("geomap"):
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    out.add(sub if sub in MODULES else base)
    return {m for m in out if m != "geomap"} - {name}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "geomap"))
def test_every_module_belongs_to_a_stage(module):
    assert _stage(module) in RANK, f"{module}: add its stage to STAGES (and the README tree)"


def test_imports_only_point_down():
    upward = sorted(f"{a} -> {b}" for a, deps in GRAPH.items() for b in deps
                    if a != "geomap" and b in MODULES and _stage(b) in RANK
                    and _stage(a) in RANK and RANK[_stage(b)] > RANK[_stage(a)])
    assert upward == []


def test_no_import_cycle():
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(GRAPH.get(node, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep):], dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state and (cycle := visit(module)):
            pytest.fail(" -> ".join(cycle))


def test_the_check_sees_an_upward_import(tmp_path):
    # the walker must see a lazy import inside a function, or the tests above prove nothing
    fake = tmp_path / "mod.py"
    fake.write_text("def f():\n    from geomap.render.map import build_map\n", encoding="utf-8")
    assert _imports("geomap.gazetteer.fake", fake) == {"geomap.render.map"}
