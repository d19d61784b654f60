"""The `litert` export stage: merged folder -> LiteRT-LM bundle (.litertlm) for CPU/mobile runtimes.

Google's converter (PyPI `litert-torch`, formerly ai-edge-torch) traces the Hugging Face Gemma 3
model, lowers it to a LiteRT (TFLite) prefill/decode model, quantizes the weights with
ai-edge-quantizer and packs it with the tokenizer and the chat template into one `.litertlm`
file that `litert-lm` (PyPI) runs. The converter pins its own stack (jax, torchao, ai-edge-litert,
its own numpy), so it runs in a child process with its own interpreter: `GHOST_LITERT_PYTHON`
(the python of a venv holding litert-torch), else this one.

Measured on the 2-core CPU box (benchmarks/results/litert-probe.md): ~85 s and ~6 GB peak RSS
for the 270M; int8 weights give 272 MiB and score on par with the q8_0 GGUF. Int4 weights
(channelwise or in blocks of 32) turn the tuned 270M's replies into noise, so no int4 quant is
offered: q4_k_m, q5_k_m and f16 are refused with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError
from ghost_architect.export.base import ExportContext
from ghost_architect.export.children import run_child

PYTHON_ENV = "GHOST_LITERT_PYTHON"
INSTALL_FIX = (
    "python3.11 -m venv ~/.venvs/litert && ~/.venvs/litert/bin/pip install torch==2.13.0 "
    "'litert-torch==0.10.*' litert-lm transformers, then "
    "export GHOST_LITERT_PYTHON=~/.venvs/litert/bin/python"
)
# ghost's --quant -> ai-edge-quantizer recipe. Only int8 was seen to work: without a recipe the
# converter writes float32 weights (1.07 GB for the 270M), and its int4 recipes wreck the replies.
RECIPES: dict[str, str] = {"q8_0": "dynamic_wi8_afp32"}
NO_INT4 = (
    "LiteRT export offers int8 weights only (int4, channelwise or in blocks of 32, wrecks the "
    "tuned 270M's replies); use --quant q8_0, or --to gguf for a 4-bit model"
)
FAILED = "GHOST-LITERT-FAILED:"
# model_type (the merged config.json) -> what it is: the architectures this route was run on
# end to end (benchmarks/results/litert-probe.md); the converter's generic HF export traces others
# too, but nothing here says they convert or run, so they are refused before the 1.5-minute child
CONVERTS: dict[str, str] = {"gemma3_text": "Gemma 3 text (270M, 1B)"}

# Runs in the converter's interpreter, which need not have ghost_architect: argv[1] is JSON.
# litert-torch 0.10.0 imports TensorFlow's flatbuffer schema module from one model extension at
# import time; ai-edge-litert ships the same module, so it stands in for that one import.
CHILD = r"""
import importlib.machinery, json, sys, types
args = json.loads(sys.argv[1])
try:
    fake = ()
    try:
        import tensorflow  # noqa: F401
    except ImportError:
        from ai_edge_litert import schema_py_generated
        fake = ("tensorflow", "tensorflow.lite", "tensorflow.lite.python",
                "tensorflow.lite.python.schema_py_generated")
        for name in fake[:3]:
            module = types.ModuleType(name)
            module.__path__ = []
            module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
            sys.modules[name] = module
        sys.modules["tensorflow.lite.python"].schema_py_generated = schema_py_generated
        sys.modules[fake[3]] = schema_py_generated
    try:
        from litert_torch.generative.export_hf import export
    finally:  # torch._dynamo must go on seeing no TensorFlow
        for name in fake:
            sys.modules.pop(name, None)
    export.export(**args)
except ModuleNotFoundError as exc:
    print("GHOST-LITERT-FAILED: missing " + str(exc.name), file=sys.stderr)
    sys.exit(3)
except Exception as exc:
    print("GHOST-LITERT-FAILED: " + type(exc).__name__ + ": " + str(exc), file=sys.stderr)
    sys.exit(1)
"""


def converter_python() -> str:
    """The interpreter that has litert-torch: $GHOST_LITERT_PYTHON, else this one."""
    return os.environ.get(PYTHON_ENV) or sys.executable


def recipe_for(quant: str) -> str:
    if quant not in RECIPES:
        raise GhostError(f"--quant {quant}: not offered for LiteRT", NO_INT4)
    return RECIPES[quant]


def check_architecture(merged: Path) -> None:
    """Refuse, in one line, a merged model whose architecture this route has not converted."""
    config = merged / "config.json"
    try:
        model_type = json.loads(config.read_text()).get("model_type")
    except (OSError, ValueError, AttributeError) as exc:
        raise GhostError(
            f"{config}: no readable model config ({type(exc).__name__})",
            "re-run the merged stage: ghost export RUN --to litert --force",
        ) from None
    if model_type not in CONVERTS:
        known = ", ".join(f"{k} ({v})" for k, v in CONVERTS.items())
        raise GhostError(
            f"{merged}: model_type '{model_type}' is not an architecture the LiteRT export "
            f"converts (it converts {known})",
            "export this model with --to gguf (llama.cpp, Ollama)",
        )


def child_command(python: str, merged: Path, work: Path, quant: str, cache: int) -> list[str]:
    args = {
        "model": str(merged), "output_dir": str(work), "quantization_recipe": recipe_for(quant),
        "cache_length": cache, "prefill_lengths": [128], "bundle_litert_lm": True,
    }  # fmt: skip
    return [python, "-c", CHILD, json.dumps(args)]


def failure(stderr: str) -> GhostError:
    """One line from the child's output: ours when it left one, else its last line."""
    lines = stderr.strip().splitlines() or ["no output"]
    ours = [line[len(FAILED) :].strip() for line in lines if line.startswith(FAILED)]
    message = ours[-1] if ours else lines[-1]
    if message.startswith("missing "):
        return GhostError(
            f"the LiteRT converter cannot run: {message} in {converter_python()}", INSTALL_FIX
        )
    return GhostError(f"litert-torch failed: {message}", "rerun with --debug; see " + PYTHON_ENV)


@dataclass(frozen=True)
class LiteRtExporter:
    name: str = "litert"
    description: str = "merged -> LiteRT-LM bundle (.litertlm, int8 weights, litert-torch)"
    requires: str = "merged"
    default_quant: str = "q8_0"  # `ghost export --to litert` without --quant
    cache_length: int = 2048  # the KV cache the bundle is built for (the training seq length)

    def target(self, ctx: ExportContext) -> Path:
        return ctx.out / "litert" / f"{ctx.name}-{ctx.quant}.litertlm"

    def inputs(self, ctx: ExportContext) -> list[Path]:
        return [ctx.merged_dir]

    def run(self, ctx: ExportContext, target: Path) -> None:
        recipe_for(ctx.quant)  # an unoffered quant fails before any work
        check_architecture(ctx.merged_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            command = child_command(
                converter_python(), ctx.merged_dir, work, ctx.quant, self.cache_length
            )
            ctx.say(f"litert: converting with {command[0]} (~1.5 min, ~6 GB RAM for the 270M)")
            try:
                result = run_child(command)
            except FileNotFoundError:
                raise GhostError(f"{command[0]}: no such interpreter", INSTALL_FIX) from None
            if result.returncode != 0:
                raise failure(result.stderr)
            bundle = work / "model.litertlm"
            if not bundle.is_file():
                raise GhostError("litert-torch finished without a model.litertlm", INSTALL_FIX)
            with atomic.filled(target) as tmp:
                os.replace(bundle, tmp)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        ctx.say(f"litert: wrote {target} ({target.stat().st_size / 2**20:.0f} MiB)")


LITERT = LiteRtExporter()
