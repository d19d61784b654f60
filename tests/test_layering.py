"""The layering rule (the README's "Architecture: floors, imports point down"; ../shared/DESIGN.md),
read from the source: imports point down the floors, no module imports itself back round a loop,
and the core never compares a built-in plugin's name.

Every ``import`` counts, also one inside a function (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from ghost_architect import plugins

PACKAGE = Path(__file__).resolve().parent.parent / "ghost_architect"

# DESIGN.md "Layering: data flows forward, imports point down", top floor first. Each unit is a
# subpackage or a top-level module of ghost_architect; a module imports from its own floor or
# below. Units DESIGN.md leaves out stand where their imports put them: hookspecs, prompts,
# presets, fonts and doctor (checks' protocol) import only the ground floor, so they are on it;
# builtin/ registers every family through the hooks, as a third-party plugin would, so it is on
# the top floor with the commands.
FLOORS: list[set[str]] = [
    {"commands", "cli", "builtin", "__init__"},
    {"infer", "evaluate", "grounding"},
    {"serving", "export", "training"},
    {"models", "perception", "data"},
    {"schema", "config", "hardware", "plugins", "atomic", "errors", "console", "hookspecs",
     "prompts", "presets", "fonts", "doctor", "endpoints"},
]  # fmt: skip
FLOOR = {unit: len(FLOORS) - 1 - level for level, units in enumerate(FLOORS) for unit in units}
# Loops inside one floor (whose units DESIGN.md lets import each other) still to break: none
# (the Layout perception fills lives in perception/, the Ollama host on the ground floor); a new
# loop fails.
KNOWN_MODULE_LOOPS: list[list[str]] = []
KNOWN_UNIT_LOOPS: list[list[str]] = []

# The kinds whose built-in names the core must not compare (the issue's "engine, backend,
# exporter, dataset or hardware name"), and what a comparison may name anyway: the CPU as torch's
# device type, which a variable called ``device`` holds in training. An accelerator is never named:
# training asks torch.accelerator (training/accelerator.py), so CUDA, ROCm, XPU or MPS alike.
# Every registry whose names could steer the core. Left out: readers (jsonl/json/csv are also
# the words for output formats, `--format json`) and doctor checks (named after what they check:
# python, torch, bf16).
NAMED_KINDS = ("engines", "exporters", "backends", "device_kinds", "hardware", "datasets",
               "renderers", "perceivers", "annotators", "presets")  # fmt: skip
TORCH_DEVICE_VARIABLES = {"device", "torch_device"}
TORCH_DEVICE_TYPES = {"cpu"}


def module_name(path: Path) -> str:
    """``ghost_architect/serving/engine.py`` -> ``ghost_architect.serving.engine``."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def unit(module: str) -> str:
    """The floor unit of a module: its first name under ghost_architect."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported project module, line) for every import in ``path``; ``from ghost_architect
    import atomic`` names the module ghost_architect.atomic."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text())
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _operand_name(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:  # a type-only import is no dependency at run time
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ghost_architect"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package, one level up per dot
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if not base.startswith("ghost_architect"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield (full if full in known else base), node.lineno


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {imported project module: first line}."""
    found = modules()
    graph: dict[str, dict[str, int]] = {}
    for module, path in found.items():
        edges = graph.setdefault(module, {})
        for target, line in imports(module, path, set(found)):
            if target != module:
                edges.setdefault(target, line)
    return graph


def upward_imports(graph: dict[str, dict[str, int]]) -> list[str]:
    """Every import from a lower floor to a higher one, as ``module:line -> target``."""
    return [
        f"{module}:{line} -> {target}"
        for module, edges in graph.items()
        for target, line in edges.items()
        if FLOOR[unit(target)] > FLOOR[unit(module)]
    ]


def cycles(graph: dict[str, list[str]] | dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_every_unit_of_the_package_stands_on_a_floor():
    units = {unit(module) for module in modules()}
    assert units <= set(FLOOR), f"put these on a floor in FLOORS: {sorted(units - set(FLOOR))}"


def test_no_module_imports_from_a_higher_floor():
    assert upward_imports(import_graph()) == []


def test_no_import_loops_between_modules_or_units():
    graph = import_graph()
    assert [loop for loop in cycles(graph) if loop not in KNOWN_MODULE_LOOPS] == []
    units: dict[str, set[str]] = {}
    for module, edges in graph.items():
        units.setdefault(unit(module), set()).update(unit(t) for t in edges)
    loops = cycles({name: sorted(targets - {name}) for name, targets in units.items()})
    assert [loop for loop in loops if loop not in KNOWN_UNIT_LOOPS] == []


MAX_MODULE_LINES = 400  # issue #14: small modules with one job


def long_modules(root: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    """Every .py file under ``root`` over ``limit`` lines, with its count."""
    counts = {p: len(p.read_text().splitlines()) for p in sorted(root.rglob("*.py"))}
    return [f"{p.relative_to(root)}: {n} lines" for p, n in counts.items() if n > limit]


def test_no_module_is_over_400_lines(tmp_path):
    (tmp_path / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    assert long_modules(tmp_path) == [f"long.py: {MAX_MODULE_LINES + 1} lines"]
    assert long_modules(PACKAGE) == [], "split these into modules with one job each"


def test_the_checks_catch_what_they_are_for():
    """The floor check sees an upward import, the loop check a loop, and ``from package import
    module`` is read as the module."""
    graph = {"ghost_architect.models.paths": {"ghost_architect.infer": 3}}
    assert upward_imports(graph) == ["ghost_architect.models.paths:3 -> ghost_architect.infer"]
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    read = imports("ghost_architect.models.paths", PACKAGE / "models" / "paths.py", set(modules()))
    assert "ghost_architect.models.offline" in {target for target, _ in read}


def builtin_names() -> set[str]:
    """Every name a built-in registers for the kinds in NAMED_KINDS (no entry points loaded)."""
    pm = plugins.build_plugin_manager(load_entry_points=False)
    names: set[str] = set()
    for kind in NAMED_KINDS:
        names.update(pm.registry(kind))
    return names


def _operand_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _compared_constants(operand: ast.expr) -> list[object]:
    """The literal values an operand of a comparison stands for: itself, or the items of a
    tuple, list or set literal (not a string built into a path or a call)."""
    items = operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else [operand]
    return [item.value for item in items if isinstance(item, ast.Constant)]


def name_comparisons(tree: ast.AST, names: set[str]) -> Iterator[tuple[int, str]]:
    """(line, name) for each comparison or ``case`` pattern that tests a value against ``names``
    (a torch device type held in a ``device`` variable is not a device-kind name)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            torch_device = any(_operand_name(o) in TORCH_DEVICE_VARIABLES for o in operands)
            for operand in operands:
                for value in _compared_constants(operand):
                    named = isinstance(value, str) and value in names
                    if named and not (torch_device and value in TORCH_DEVICE_TYPES):
                        yield node.lineno, value
        elif isinstance(node, ast.MatchValue):
            value = node.value
            if isinstance(value, ast.Constant) and value.value in names:
                yield node.lineno, value.value


def core_modules() -> list[Path]:
    """Every module outside builtin/ (the plugins under plugins/ are not in the package), and
    the Streamlit app, which asks the engines as the CLI does."""
    package = [
        p for p in sorted(PACKAGE.rglob("*.py")) if "builtin" not in p.relative_to(PACKAGE).parts
    ]
    return package + sorted((PACKAGE.parent / "apps").rglob("*.py"))


def test_the_core_compares_no_builtin_plugin_name():
    names = builtin_names()
    assert {"llamacpp", "heuristic", "gguf", "hf", "cpu", "cuda", "html", "rapidocr"} <= names
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line} compares '{name}'"
        for path in core_modules()
        for line, name in name_comparisons(ast.parse(path.read_text()), names)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('name = "llamacpp" if x else "heuristic"\nif name == "llamacpp": pass', [(2, "llamacpp")]),
        ('if kind in ("cpu", "rocm"): pass', [(1, "cpu")]),
        ('match engine.name:\n    case "ollama": pass', [(2, "ollama")]),
        ('if loaded.device == "cpu": pass', []),  # torch's device type
        ('if loaded.device == "cuda": pass', [(1, "cuda")]),  # an accelerator by name
        ('if profile.kind != "cpu": pass', [(1, "cpu")]),
        ('if fmt == "json": pass', []),
        ('if path in (root / "hf", root / "tokenizer"): pass', []),  # a folder, not the backend
        ('if wanted not in {"ollama", "unsloth"}: pass', [(1, "ollama")]),
    ],
)
def test_a_name_comparison_is_seen(source, expected):
    names = {"llamacpp", "heuristic", "ollama", "cpu", "cuda"}
    assert list(name_comparisons(ast.parse(source), names)) == expected
