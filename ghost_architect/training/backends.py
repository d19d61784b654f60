"""Training backends: "hf" (transformers + PEFT + bitsandbytes) and "unsloth" (CUDA).

Both return a PEFT model with the same adapter format, and the tokenizer (text) or processor
(vision), from one TrinityConfig.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ghost_architect.config import TrinityConfig
from ghost_architect.console import warn
from ghost_architect.errors import GhostError
from ghost_architect.hardware import HardwareProfile
from ghost_architect.models import offline
from ghost_architect.models.catalog import MODELS

DTYPES = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}


@dataclass
class Loaded:
    model: Any
    tokenizer: Any  # tokenizer, or the processor for vision models
    backend: str
    device: str
    dtype: str
    quantized: bool
    notes: list[str]


def unsloth_available() -> bool:
    return importlib.util.find_spec("unsloth") is not None


def choose_backend(config: TrinityConfig, profile: HardwareProfile) -> str:
    """The configured backend; 'auto' means unsloth where CUDA and unsloth are present."""
    import torch

    wanted = config.train.backend
    cuda = torch.cuda.is_available()
    if wanted == "unsloth" and not (cuda and unsloth_available()):
        why = "no CUDA device" if not cuda else "unsloth is not installed"
        raise GhostError(
            f"train.backend = 'unsloth' needs CUDA and unsloth: {why}",
            "use --backend hf, or pip install 'ghost-architect[gpu]' on a GPU machine",
        )
    if wanted == "auto":
        return "unsloth" if cuda and unsloth_available() and profile.kind == "cuda" else "hf"
    return wanted


def resolve_model_path(name: str) -> str:
    """A local folder for the model: the offline 270M, a folder path, or a hub id (online)."""
    if name in offline.OFFLINE_NAMES:
        return str(offline.hf_model_dir())
    if Path(name).is_dir():
        return name
    spec = MODELS.get(name)
    return spec.hub_id if spec else name


def tokenizer_source(adapter: Path, base: str) -> str:
    """The adapter folder when it carries a tokenizer, else the base model's: a shipped adapter
    carries none (training adds no tokens, so the base tokenizer is the adapter's)."""
    return str(adapter) if (adapter / "tokenizer_config.json").exists() else base


def is_vision_checkpoint(path: str) -> bool:
    config = Path(path) / "config.json"
    if not config.exists():
        return False
    import json

    return "vision_config" in json.loads(config.read_text())


def lora_targets(config: TrinityConfig, vision: bool) -> Any:
    """Target module names; for vision models only the language model's layers."""
    targets = config.adapter.target_modules
    if not vision:
        return targets
    return r".*language_model.*\.(" + "|".join(targets) + r")"


def _disable_cpu_bf16_repack(model: Any) -> int:
    """bitsandbytes on AVX512-BF16 CPUs repacks 4-bit weights on the first no-grad forward, after
    which gradients through them are wrong (see FIELD-NOTES). Turn the repack off."""
    import bitsandbytes as bnb

    count = 0
    for module in model.modules():
        if isinstance(module, bnb.nn.Linear4bit):
            module.support_avx512bf16_for_cpu = False
            count += 1
    return count


def load_hf(config: TrinityConfig, dtype: str, device: str, vision: bool) -> Loaded:
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, AutoModelForImageTextToText, AutoProcessor

    path = resolve_model_path(config.model.name)
    torch_dtype = getattr(torch, DTYPES[dtype])
    notes: list[str] = []
    kwargs: dict[str, Any] = {"dtype": torch_dtype}
    quantized = config.model.load_in_4bit
    if quantized and importlib.util.find_spec("bitsandbytes") is None:
        warn("model.load_in_4bit: bitsandbytes is not installed, loading unquantized instead")
        notes.append("4-bit requested but bitsandbytes is missing: trained unquantized")
        quantized = False
    if quantized:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch_dtype,
        )
    if device == "cuda":
        kwargs["device_map"] = {"": 0}
    auto = AutoModelForImageTextToText if vision else AutoModelForCausalLM
    try:
        model = auto.from_pretrained(path, **kwargs)
    except OSError as exc:
        raise GhostError(
            f"cannot load model '{config.model.name}' ({path}): {exc}".splitlines()[0],
            "pass a local model folder as model.name, or go online for hub ids",
        ) from None
    if quantized and device == "cpu":
        count = _disable_cpu_bf16_repack(model)
        notes.append(f"4-bit NF4 on CPU: AVX512-BF16 repack disabled on {count} layers")
    if quantized:
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=config.train.gradient_checkpointing
        )
    elif config.train.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    torch.manual_seed(config.train.seed)
    peft_config = LoraConfig(
        r=config.adapter.r,
        lora_alpha=config.adapter.lora_alpha,
        lora_dropout=config.adapter.lora_dropout,
        use_rslora=config.adapter.use_rslora,
        use_dora=config.adapter.use_dora,
        target_modules=lora_targets(config, vision),
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, peft_config)
    tokenizer = AutoProcessor.from_pretrained(path) if vision else offline.load_tokenizer(path)
    return Loaded(model, tokenizer, "hf", device, dtype, quantized, notes)


def load_unsloth(config: TrinityConfig, dtype: str, vision: bool) -> Loaded:
    import torch
    import unsloth  # noqa: F401  (unsloth must patch transformers before it is used)
    from unsloth import FastLanguageModel, FastVisionModel

    path = resolve_model_path(config.model.name)
    fast = FastVisionModel if vision else FastLanguageModel
    model, tokenizer = fast.from_pretrained(
        model_name=path,
        max_seq_length=config.model.max_seq_length,
        load_in_4bit=config.model.load_in_4bit,
        dtype=getattr(torch, DTYPES[dtype]),
        local_files_only=Path(path).is_dir(),
    )
    common = {
        "r": config.adapter.r,
        "lora_alpha": config.adapter.lora_alpha,
        "lora_dropout": config.adapter.lora_dropout,
        "use_rslora": config.adapter.use_rslora,
        "use_dora": config.adapter.use_dora,
        "random_state": config.train.seed,
        "use_gradient_checkpointing": "unsloth" if config.train.gradient_checkpointing else False,
    }
    if vision:
        model = FastVisionModel.get_peft_model(
            model,
            finetune_vision_layers=False,
            finetune_language_layers=True,
            finetune_attention_modules=True,
            finetune_mlp_modules=True,
            target_modules=lora_targets(config, vision),
            **common,
        )
    else:
        model = FastLanguageModel.get_peft_model(
            model,
            target_modules=config.adapter.target_modules,
            max_seq_length=config.model.max_seq_length,
            **common,
        )
    if tokenizer.chat_template is None:
        tokenizer.chat_template = offline.CHAT_TEMPLATE.read_text()
    return Loaded(model, tokenizer, "unsloth", "cuda", dtype, config.model.load_in_4bit, [])


def load_model(config: TrinityConfig, profile: HardwareProfile, vision: bool) -> Loaded:
    """Load base + fresh adapter with the backend the config and machine call for."""
    import torch

    backend = choose_backend(config, profile)
    dtype = config.compute_dtype(profile)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu" and dtype == "fp16":
        warn("fp16 compute is not supported on CPU: using fp32")
        dtype = "fp32"
    if backend == "unsloth":
        return load_unsloth(config, dtype, vision)
    return load_hf(config, dtype, device, vision)
