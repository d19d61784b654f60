"""The export chain runner: order, skipping, and a failing stage that names itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghost_architect.config import load_config
from ghost_architect.errors import GhostError
from ghost_architect.export.base import ExportContext, chain_for, run_chain


class Stage:
    def __init__(self, name: str, requires: str | None, fail: bool = False) -> None:
        self.name, self.requires, self.fail, self.runs = name, requires, fail, 0
        self.description = name

    def target(self, ctx: ExportContext) -> Path:
        return ctx.out / self.name

    def inputs(self, ctx: ExportContext) -> list[Path]:
        return [ctx.run_dir]

    def run(self, ctx: ExportContext, target: Path) -> None:
        self.runs += 1
        if self.fail:
            raise RuntimeError("converter exploded")
        target.mkdir(parents=True)
        (target / "weights.bin").write_bytes(b"ok")


def context(tmp_path: Path) -> ExportContext:
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "adapter.bin").write_bytes(b"a")
    return ExportContext(tmp_path / "run", tmp_path / "out", "m", "q4_k_m", load_config(),
                         say=lambda m: None)  # fmt: skip


def test_failing_stage_is_named_and_earlier_outputs_survive(tmp_path):
    ctx = context(tmp_path)
    stages = {"merged": Stage("merged", None), "gguf": Stage("gguf", "merged", fail=True)}
    chain = chain_for("gguf", stages)
    assert [s.name for s in chain] == ["merged", "gguf"]
    with pytest.raises(GhostError) as info:
        run_chain(ctx, chain)
    assert str(info.value).startswith(
        "export stage 'gguf' failed: RuntimeError: converter exploded"
    )
    assert (tmp_path / "out" / "merged" / "weights.bin").read_bytes() == b"ok"
    assert not (tmp_path / "out" / "gguf").exists()


def test_unchanged_inputs_skip_and_changed_inputs_rerun(tmp_path):
    ctx = context(tmp_path)
    merged = Stage("merged", None)
    run_chain(ctx, [merged])
    run_chain(ctx, [merged])
    assert merged.runs == 1
    (tmp_path / "run" / "adapter.bin").write_bytes(b"b")
    import shutil

    shutil.rmtree(tmp_path / "out" / "merged")  # a stage writes its target whole
    run_chain(ctx, [merged])
    assert merged.runs == 2


def test_unknown_target(tmp_path):
    with pytest.raises(GhostError, match="--to onnx: unknown exporter"):
        chain_for("onnx", {"merged": Stage("merged", None)})


def test_a_stage_declares_the_quants_it_offers(tmp_path):
    """--quant is checked against what the chain's last declaring stage offers, else GGUF's."""
    from ghost_architect.export.base import QUANTS, context_for, offered_quants

    merged, gguf, onnx = Stage("merged", None), Stage("gguf", "merged"), Stage("onnx", "merged")
    onnx.quants = ("int8", "int4")
    assert offered_quants([merged, gguf]) == QUANTS
    assert offered_quants([merged, onnx]) == ("int8", "int4")
    ctx = context(tmp_path)  # a run folder with its adapter and config
    run = ctx.run_dir
    (run / "adapter").mkdir()
    (run / "adapter" / "adapter_config.json").write_text("{}")
    (run / "config.toml").write_text("")
    quants = offered_quants([merged, onnx])
    assert context_for(run, tmp_path / "o", "m", "int4", print, quants=quants).quant == "int4"
    with pytest.raises(GhostError, match=r"--quant q4_k_m: unknown \(choose one of int8, int4\)"):
        context_for(run, tmp_path / "o", "m", "q4_k_m", print, quants=quants)
