"""Every plugin snippet of docs/plugins.md is a working plugin: it loads, registers through its
hook, and what it registers does its job. Every hook has its worked example."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ghost_architect import hookspecs
from ghost_architect.data.dataset import load_dataset
from ghost_architect.export.base import ExportContext
from ghost_architect.plugins import build_plugin_manager
from ghost_architect.schema.pipeline import schema_from_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
SNIPPET = re.compile(r"```python\n# (ghost_\w+)/__init__\.py\n(.*?)```", re.DOTALL)


def snippets() -> dict[str, types.ModuleType]:
    modules = {}
    for name, code in SNIPPET.findall(DOC.read_text()):
        module = types.ModuleType(name)
        exec(compile(code, f"{DOC}:{name}", "exec"), module.__dict__)
        modules[name] = module
    return modules


@pytest.fixture(scope="module")
def docs() -> dict[str, types.ModuleType]:
    return snippets()


def test_every_hook_has_a_worked_example(docs):
    hooks = {n for n in vars(hookspecs) if n.startswith("register_")}
    shown = {n for m in docs.values() for n in vars(m) if n.startswith("register_")}
    assert shown == hooks
    for hook in hooks:
        assert f"## `{hook}`" in DOC.read_text()


@pytest.mark.parametrize(
    ("module", "kind", "name"),
    [
        ("ghost_jsonlgz", "readers", "jsonl-gz"),
        ("ghost_qa", "datasets", "qa"),
        ("ghost_rtx4090", "hardware", "rtx4090-24gb"),
        ("ghost_canned", "engines", "canned"),
        ("ghost_checksum", "exporters", "sha256"),
        ("ghost_wireframe", "renderers", "wireframe"),
    ],
)
def test_each_snippet_registers_cleanly(docs, module, kind, name):
    pm = build_plugin_manager(load_entry_points=False)
    pm.register(docs[module], name=module)
    assert pm.registry(kind).owners[name] == module
    assert not pm.warnings


def test_the_reader_and_the_format_read_a_dataset(docs, tmp_path):
    reader = docs["ghost_jsonlgz"].GzipJsonLines()
    fmt = docs["ghost_qa"].QuestionAnswer()
    rows = [{"question": "Tables?", "answer": "users"}, {"question": "Columns?", "answer": ""}]
    path = tmp_path / "qa.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    dataset = load_dataset(path, {"qa": fmt}, readers={"jsonl-gz": reader})
    assert dataset.format == "qa" and len(dataset.examples) == 1
    assert dataset.examples[0].messages[-1] == {"role": "assistant", "content": "users"}
    assert [(p.record, p.field, p.message) for p in dataset.problems] == [(2, "answer", "empty")]


def test_the_engine_answers_a_schema(docs):
    engine = docs["ghost_canned"].CannedEngine()
    reply = engine.chat(engine.default_model(print), [{"role": "user", "content": "x"}])
    schema, report = schema_from_text(reply.text, True)
    assert report.parsed and [t.name for t in schema.tables] == ["users"]


def test_the_exporter_writes_the_checksum(docs, tmp_path):
    ctx = ExportContext(tmp_path / "run", tmp_path / "out", "m", "q4_k_m", config=None)  # type: ignore[arg-type]
    gguf = ctx.gguf_file()
    gguf.parent.mkdir(parents=True)
    gguf.write_bytes(b"GGUF")
    exporter = docs["ghost_checksum"].ChecksumExporter()
    exporter.run(ctx, exporter.target(ctx))
    expected = f"{hashlib.sha256(b'GGUF').hexdigest()}  m-q4_k_m.gguf\n"
    assert (tmp_path / "out" / "gguf" / "m-q4_k_m.sha256").read_text() == expected


def test_the_renderer_draws_a_png(docs, tmp_path):
    screen = types.SimpleNamespace(title="Sign up", blocks=[object(), object()])
    docs["ghost_wireframe"].WireframeRenderer().render(screen, tmp_path / "s.png")
    assert (tmp_path / "s.png").read_bytes().startswith(b"\x89PNG")


def test_the_command_runs(docs):
    group = click.Group("ghost")
    docs["ghost_hello"].register_commands(cli=group)
    result = CliRunner().invoke(group, ["hello"])
    assert result.exit_code == 0 and "heuristic" in result.output
