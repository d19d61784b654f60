"""The `litert` export stage: quant choice, the converter child (a stand-in interpreter), its
failures. The real conversion of the 270M needs a separate venv with litert-torch (1.5 GB, 6 GB
of RAM to convert): `python benchmarks/litert_probe.py` runs it end to end
(benchmarks/results/litert-probe.md); CI does not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ghost_architect.config import load_config
from ghost_architect.errors import GhostError
from ghost_architect.export import litert
from ghost_architect.export.base import ExportContext, chain_for, run_chain
from ghost_architect.export.stages import MergedExporter

FAKE_CONVERTER = """#!{python}
import json, sys
args = json.loads(sys.argv[3])  # argv: -c CHILD ARGS
open(sys.argv[0] + ".args", "w").write(json.dumps(args))
{body}
"""


def fake_python(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-python"
    script.write_text(FAKE_CONVERTER.format(python=sys.executable, body=body))
    script.chmod(0o755)
    return script


def context(tmp_path: Path, quant: str = "q8_0", model_type: str = "gemma3_text") -> ExportContext:
    merged = tmp_path / "out" / "merged" / "m"
    merged.mkdir(parents=True)
    (merged / "model.safetensors").write_bytes(b"weights")
    (merged / "config.json").write_text(json.dumps({"model_type": model_type}))
    return ExportContext(tmp_path / "run", tmp_path / "out", "m", quant, load_config(),
                         say=lambda m: None)  # fmt: skip


def test_int8_is_offered_and_int4_is_refused_with_the_reason():
    assert litert.recipe_for("q8_0") == "dynamic_wi8_afp32"
    for quant in ("q4_k_m", "q5_k_m", "f16"):
        with pytest.raises(GhostError, match="int8 weights only"):
            litert.recipe_for(quant)


@pytest.mark.parametrize("model_type", ["llama", "gemma3", "qwen2"])
def test_an_architecture_it_has_not_converted_is_refused_before_the_converter(
    tmp_path, monkeypatch, model_type
):
    script = fake_python(tmp_path, "")
    monkeypatch.setenv(litert.PYTHON_ENV, str(script))
    with pytest.raises(GhostError) as info:
        run_chain(context(tmp_path, model_type=model_type), [litert.LITERT])
    assert f"model_type '{model_type}' is not an architecture the LiteRT export converts" in str(
        info.value
    )
    assert "--to gguf" in info.value.fix
    assert not Path(str(script) + ".args").exists()  # the converter never ran


def test_the_stage_follows_merged_and_names_its_bundle(tmp_path):
    ctx = context(tmp_path)
    chain = chain_for("litert", {"merged": MergedExporter(), "litert": litert.LITERT})
    assert [stage.name for stage in chain] == ["merged", "litert"]
    assert litert.LITERT.target(ctx) == tmp_path / "out" / "litert" / "m-q8_0.litertlm"
    assert litert.LITERT.inputs(ctx) == [ctx.merged_dir]


def test_the_bundle_appears_whole_and_the_work_folder_goes(tmp_path, monkeypatch):
    body = (
        "import pathlib\n"
        "pathlib.Path(args['output_dir'], 'model.litertlm').write_bytes(b'LITERTLM')\n"
    )
    script = fake_python(tmp_path, body)
    monkeypatch.setenv(litert.PYTHON_ENV, str(script))
    ctx = context(tmp_path)
    produced = run_chain(ctx, [litert.LITERT])
    target = produced["litert"]
    assert target.read_bytes() == b"LITERTLM"
    args = json.loads(Path(str(script) + ".args").read_text())
    assert args["model"] == str(ctx.merged_dir)
    assert args["quantization_recipe"] == "dynamic_wi8_afp32"
    assert args["cache_length"] == 2048 and args["bundle_litert_lm"] is True
    assert sorted(p.name for p in target.parent.iterdir()) == [
        target.name,
        target.name + ".ghost-export.json",
    ]
    assert run_chain(ctx, [litert.LITERT])["litert"] == target  # unchanged input: skipped


def test_a_converter_error_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    body = (
        "print('noise', file=sys.stderr)\n"
        "print('GHOST-LITERT-FAILED: ValueError: Invalid quantization recipe', file=sys.stderr)\n"
        "sys.exit(1)\n"
    )
    monkeypatch.setenv(litert.PYTHON_ENV, str(fake_python(tmp_path, body)))
    ctx = context(tmp_path)
    with pytest.raises(GhostError) as info:
        run_chain(ctx, [litert.LITERT])
    assert "litert-torch failed: ValueError: Invalid quantization recipe" in str(info.value)
    assert list((tmp_path / "out" / "litert").iterdir()) == []


def test_an_interpreter_without_the_converter_says_how_to_install_it(tmp_path, monkeypatch):
    """The real child program, run by this interpreter (which has no ai-edge-litert)."""
    if subprocess.run([sys.executable, "-c", "import ai_edge_litert"]).returncode == 0:
        pytest.skip("this interpreter has ai-edge-litert")
    monkeypatch.setenv(litert.PYTHON_ENV, sys.executable)
    with pytest.raises(GhostError) as info:
        run_chain(context(tmp_path), [litert.LITERT])
    assert "the LiteRT converter cannot run: missing ai_edge_litert" in str(info.value)
    assert info.value.fix == litert.INSTALL_FIX


def test_a_missing_interpreter_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(litert.PYTHON_ENV, str(tmp_path / "no-such-python"))
    with pytest.raises(GhostError, match="no-such-python: no such interpreter"):
        run_chain(context(tmp_path), [litert.LITERT])
