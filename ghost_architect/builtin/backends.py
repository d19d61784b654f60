"""Built-in training backends, hf, unsloth and keras, registered through the same hook a
third-party plugin uses (``register_backends``). 'auto' prefers unsloth where it can train: CUDA
profiles on a machine with a CUDA GPU and unsloth installed; it never picks keras (asked by
name)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ghost_architect.config import TrinityConfig
from ghost_architect.console import warn
from ghost_architect.errors import GhostError
from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.models import offline
from ghost_architect.models.paths import resolve_model_path
from ghost_architect.training import keras_backend
from ghost_architect.training.backends import DTYPES, Loaded, OwnLoopJob, lora_targets
from ghost_architect.training.planner import load_coefficients

if TYPE_CHECKING:
    from ghost_architect.training.loop import LoopResult


def _missing(*modules: str) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


class HfBackend:
    """transformers + PEFT, 4-bit through bitsandbytes where installed; trains on any device."""

    name = "hf"
    description = "transformers + PEFT (+ bitsandbytes NF4): any device"
    device_kinds: tuple[str, ...] = ()
    preference = 0

    @property
    def memory_coefficients(self) -> dict[str, float]:
        return load_coefficients()["hf"]

    def available(self) -> tuple[bool, str]:
        missing = _missing("torch", "transformers", "peft")
        return not missing, f"not installed: {', '.join(missing)} (pip install {' '.join(missing)})"

    def load(self, config: TrinityConfig, dtype: str, device: str, vision: bool) -> Loaded:
        return load_hf(config, dtype, device, vision)


class UnslothBackend:
    """Unsloth's fused kernels: about 2x faster and half the memory of hf on CUDA."""

    name = "unsloth"
    description = "Unsloth (CUDA only): faster, half the memory of hf on 12B"
    device_kinds: tuple[str, ...] = ("cuda",)
    preference = 10
    distributed = False  # one process: `ghost train --gpus N` falls back to hf

    @property
    def memory_coefficients(self) -> dict[str, float]:
        return load_coefficients()["unsloth"]

    def available(self) -> tuple[bool, str]:
        if _missing("unsloth"):
            return False, "unsloth is not installed (pip install 'ghost-architect[gpu]')"
        return True, ""

    def load(self, config: TrinityConfig, dtype: str, device: str, vision: bool) -> Loaded:
        return load_unsloth(config, dtype, device, vision)


class KerasBackend:
    """Keras 3 on JAX with keras-hub's Gemma 3: LoRA/rsLoRA in bf16 or fp32, its own loop."""

    name = "keras"
    description = "Keras 3 + keras-hub (JAX): LoRA/rsLoRA, no QLoRA or DoRA; text models"
    device_kinds: tuple[str, ...] = ("cpu", "cuda")  # the devices jax[cpu] / jax[cuda] run on
    preference = -10  # 'auto' never takes it over hf
    memory_coefficients = None  # not planned: the planner's fits are torch's
    distributed = False  # one process: `ghost train --gpus N` falls back to hf

    def available(self) -> tuple[bool, str]:
        if keras_backend.keras_python() is None:
            return False, f"keras is not installed ({keras_backend.INSTALL})"
        return True, ""

    def load(self, config: TrinityConfig, dtype: str, device: str, vision: bool) -> Loaded:
        raise GhostError("the keras backend trains in its own loop (train_own), not from load()")

    def train_own(self, job: OwnLoopJob) -> LoopResult:
        return keras_backend.train_own(job)


@hookimpl
def register_backends(register: Register) -> None:
    register(HfBackend())
    register(UnslothBackend())
    register(KerasBackend())


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


def _switch_fast_dora(model: Any, config: TrinityConfig, backend: str) -> list[str]:
    """Put the model's DoRA layers on the fast path when DoRA and adapter.fast_dora are on."""
    if not (config.adapter.use_dora and config.adapter.fast_dora):
        return []
    from ghost_architect.training.fast_dora import use_fast_dora

    count = use_fast_dora(model)
    if count == 0:
        raise GhostError(
            f"fast DoRA found no PEFT DoRA Linear layers in the {backend} model",
            "set adapter.fast_dora = false to train with the backend's own DoRA",
        )
    return [f"fast DoRA on {count} layers"]


QUANT_STORAGE = {"uint8": "uint8", "bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}


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
            bnb_4bit_quant_storage=QUANT_STORAGE[config.model.quant_storage],
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
    notes += _switch_fast_dora(model, config, "hf")
    tokenizer = AutoProcessor.from_pretrained(path) if vision else offline.load_tokenizer(path)
    return Loaded(model, tokenizer, "hf", device, dtype, quantized, notes)


def load_unsloth(config: TrinityConfig, dtype: str, device: str, vision: bool) -> Loaded:
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
    notes = _switch_fast_dora(model, config, "unsloth")
    if tokenizer.chat_template is None:
        tokenizer.chat_template = offline.CHAT_TEMPLATE.read_text()
    quantized = config.model.load_in_4bit
    # Unsloth's forward fuses the vocabulary projection with the cross-entropy: keep its loss
    return Loaded(model, tokenizer, "unsloth", device, dtype, quantized, notes, own_loss=True)
