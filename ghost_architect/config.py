"""TrinityConfig: defaults, then a TOML preset, then a hardware profile, then CLI flags.

Every value is checked when it is set; an unknown key or a bad value raises a UsageError that names
where it came from, the key, the value and what is allowed. The source of each resolved value is
kept, so ``ghost config`` can show why a value is what it is.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghost_architect import plugins
from ghost_architect.errors import UsageError
from ghost_architect.hardware import HardwareProfile
from ghost_architect.presets import find_preset, preset_folder, read_preset
from ghost_architect.presets import list_presets as list_presets  # also imported from here
from ghost_architect.presets import preset_profile as preset_profile

META_KEYS = {"description", "profile"}
ALIASES = {
    "model.seq": "model.max_seq_length",
    "train.lr": "train.learning_rate",
    "train.batch_size": "train.per_device_train_batch_size",
    "train.grad_accum": "train.gradient_accumulation_steps",
    "train.epochs": "train.num_train_epochs",
    "train.scheduler": "train.lr_scheduler_type",
}
TRINITY_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
PATH_KEYS = (
    "model.name",
    "data.train",
    "data.eval",
    "train.output_dir",
    "adapter.start_from",
)  # made absolute when they are paths


def option(default: Any, *, choices=None, low=None, high=None, low_open=False) -> Any:
    """A dataclass field with its validation rule in metadata."""
    return field(
        default=default,
        metadata={"choices": choices, "low": low, "high": high, "low_open": low_open},
    )


def backend_choices() -> list[str]:
    """'auto' and every registered training backend."""
    return ["auto", *plugins.named("backends")]


def text(default: str, *, required: bool = True) -> Any:
    """A text field; ``required`` ones refuse empty text."""
    return field(default=default, metadata={"required": required})


@dataclass
class ModelConfig:
    name: str = text("gemma-3-270m")
    max_seq_length: int = option(2048, low=16, high=131072)
    load_in_4bit: bool = True
    dtype: str = option("auto", choices=["auto", "bf16", "fp16", "fp32"])
    # what 4-bit weights are packed in: uint8, or a float dtype so FSDP can shard them with the rest
    quant_storage: str = option("uint8", choices=["uint8", "bf16", "fp16", "fp32"])


@dataclass
class AdapterConfig:
    r: int = option(64, low=1, high=1024)
    lora_alpha: float = option(32.0, low=0, low_open=True)
    lora_dropout: float = option(0.0, low=0.0, high=0.99)
    use_rslora: bool = True
    use_dora: bool = True
    fast_dora: bool = True  # DoRA's weight norm from rank-sized pieces (training/fast_dora.py)
    # "" = a fresh adapter; "shipped" or an adapter/run folder: start there (training/start.py)
    start_from: str = ""
    target_modules: list[str] = field(default_factory=lambda: list(TRINITY_TARGETS))


@dataclass
class TrainConfig:
    backend: str = option("auto", choices=backend_choices)
    learning_rate: float = option(2e-4, low=0, high=1, low_open=True)
    per_device_train_batch_size: int = option(1, low=1, high=4096)
    gradient_accumulation_steps: int = option(4, low=1, high=4096)
    max_steps: int = option(60, low=0)
    num_train_epochs: float = option(1.0, low=0, low_open=True)
    optimizer: str = option(
        "adamw_8bit",
        choices=["adamw_8bit", "paged_adamw_8bit", "adamw_torch", "adamw_torch_fused", "sgd"],
    )
    lr_scheduler_type: str = option(
        "cosine", choices=["linear", "cosine", "constant", "constant_with_warmup"]
    )
    warmup_steps: int = option(5, low=0)
    weight_decay: float = option(0.01, low=0.0)
    max_grad_norm: float = option(1.0, low=0, low_open=True)
    seed: int = option(3407, low=0, high=2**32 - 1)
    gradient_checkpointing: bool = True
    # labelled positions per output-head chunk (training/loss.py); 0 = the model's own loss
    loss_chunk: int = option(1024, low=0)
    logging_steps: int = option(1, low=1)
    save_steps: int = option(20, low=1)
    eval_steps: int = option(0, low=0)
    keep_best: bool = False  # keep the adapter of the lowest eval loss in RUN/best-adapter
    # every N steps also keep the adapter in RUN/snapshots/step-N, to choose among them on other
    # screens than the eval set (a low eval loss on synthetic screens did not pick the best model)
    snapshot_steps: int = option(0, low=0)
    sample_steps: int = option(0, low=0)
    output_dir: str = text("output/adapters/run")


@dataclass
class DataConfig:
    train: str = text("", required=False)
    eval: str = text("", required=False)  # a held-out file (e.g. schema-disjoint); else a split
    format: str = text("auto")
    eval_fraction: float = option(0.05, low=0.0, high=0.5)
    max_examples: int = option(0, low=0)


SECTIONS: dict[str, type] = {
    "model": ModelConfig,
    "adapter": AdapterConfig,
    "train": TrainConfig,
    "data": DataConfig,
}


@dataclass
class TrinityConfig:
    """The resolved training configuration and where each value came from."""

    model: ModelConfig = field(default_factory=ModelConfig)
    adapter: AdapterConfig = field(default_factory=AdapterConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    data: DataConfig = field(default_factory=DataConfig)
    profile: str = "cpu"
    preset: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Nested plain dict of the config sections (for TOML/JSON records)."""
        return {name: dataclasses.asdict(getattr(self, name)) for name in SECTIONS}

    def flat(self) -> dict[str, Any]:
        return {f"{s}.{k}": v for s, values in self.to_dict().items() for k, v in values.items()}

    def get(self, key: str) -> Any:
        section, name = key.split(".", 1)
        return getattr(getattr(self, section), name)

    def set(self, key: str, value: Any, source: str, from_text: bool = False) -> None:
        """Check and assign one dotted key; raise UsageError naming ``source`` on bad input.

        ``from_text``: the value is a command-line string to parse into the field's type."""
        key = ALIASES.get(key, key)
        section_name, _, name = key.partition(".")
        section_cls = SECTIONS.get(section_name)
        if section_cls is None:
            raise UsageError(
                f"{source}: unknown key '{key}'", f"sections are {', '.join(SECTIONS)}"
            )
        fields = {f.name: f for f in dataclasses.fields(section_cls)}
        if name not in fields:
            close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
            hint = (
                f"did you mean {section_name}.{close[0]}?"
                if close
                else f"keys of [{section_name}]: " + ", ".join(fields)
            )
            raise UsageError(f"{source}: unknown key '{key}'", hint)
        kind = typing.get_type_hints(section_cls)[name]
        checked = _check(key, value, kind, fields[name].metadata, source, from_text)
        setattr(getattr(self, section_name), name, checked)
        self.sources[key] = source

    def compute_dtype(self, profile: HardwareProfile) -> str:
        return profile.compute_dtype if self.model.dtype == "auto" else self.model.dtype


def _choices(meta: Any) -> list[str] | None:
    """A field's allowed values: a list, or a callable asked each time (registered names)."""
    choices = meta.get("choices")
    return choices() if callable(choices) else choices


def _describe(hint: Any, meta: dict[str, Any]) -> str:
    if _choices(meta):
        return "one of " + ", ".join(_choices(meta) or ())
    kind = {bool: "true or false", int: "an integer", float: "a number"}.get(
        hint, "a list of module names"
    )
    if hint is str:
        kind = "non-empty text" if meta.get("required") else "text"
    low, high = meta.get("low"), meta.get("high")
    if low is not None and high is not None:
        return f"{kind} from {low}{' (exclusive)' if meta['low_open'] else ''} to {high}"
    if low is not None:
        return f"{kind} {'>' if meta['low_open'] else '>='} {low}"
    return kind


def _parse_text(text: str, hint: Any) -> Any:
    """Turn a CLI string into the field's type, or raise ValueError."""
    if hint is bool:
        lowered = text.strip().lower()
        if lowered in {"true", "1", "yes", "on"}:
            return True
        if lowered in {"false", "0", "no", "off"}:
            return False
        raise ValueError(text)
    if hint is int:
        return int(text)
    if hint is float:
        return float(text)
    if hint is str:
        return text
    return [part.strip() for part in text.split(",") if part.strip()]


def _check(key: str, value: Any, hint: Any, meta: Any, source: str, from_text: bool) -> Any:
    def bad() -> UsageError:
        return UsageError(
            f"{source}: {key} = {value!r} is invalid: expected {_describe(hint, meta)}"
        )

    if from_text and isinstance(value, str) and hint is not str:
        try:
            value = _parse_text(value, hint)
        except ValueError:
            raise bad() from None
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif hint is str:
        ok = isinstance(value, str) and "\x00" not in value
        ok = ok and bool(value.strip() or not meta.get("required"))
    else:
        ok = (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(v, str) and re.fullmatch(r"[A-Za-z_][\w.\-]*", v) for v in value)
        )
    if not ok:
        raise bad()
    if hint is float and not math.isfinite(value):
        raise _not_finite(key, value, meta, source)
    choices = _choices(meta)
    if choices and value not in choices:
        raise bad()
    low, high = meta.get("low"), meta.get("high")
    if low is not None and (value <= low if meta.get("low_open") else value < low):
        raise bad()
    if high is not None and value > high:
        raise bad()
    return value


def _not_finite(key: str, value: float, meta: Any, source: str) -> UsageError:
    """NaN or infinity where a real number is needed, with the default as an example."""
    section, name = key.split(".", 1)
    default = next(f.default for f in dataclasses.fields(SECTIONS[section]) if f.name == name)
    low = meta.get("low")
    sign = "" if low is None else "positive " if low > 0 or meta["low_open"] else "non-negative "
    return UsageError(
        f"{source}: {key} = {value!r} is not a finite {sign}number", f"set it to e.g. {default:g}"
    )


def _flatten(data: dict[str, Any], source: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, values in data.items():
        if section in META_KEYS:
            continue
        if not isinstance(values, dict):
            raise UsageError(
                f"{source}: unknown top-level key '{section}'",
                f"use sections [{'], ['.join(SECTIONS)}] or one of: {', '.join(sorted(META_KEYS))}",
            )
        for key, value in values.items():
            flat[f"{section}.{key}"] = value
    return flat


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``section.key=value`` strings from ``--set`` into a dict."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or "." not in key:
            raise UsageError(f"--set {pair!r}: expected section.key=value, e.g. adapter.r=32")
        result[key.strip()] = value.strip()
    return result


def _absolute_paths(config: TrinityConfig, preset_dir: Path | None) -> None:
    """Make relative paths absolute, from the preset's folder when the preset set them, else from
    the working directory; a model name counts as a path only where that folder exists."""
    for key in PATH_KEYS:
        value = config.get(key)
        if not value or (key == "adapter.start_from" and value == "shipped"):
            continue
        from_preset = preset_dir is not None and config.sources.get(key) == config.preset
        path = (preset_dir if from_preset else Path.cwd()) / Path(value).expanduser()
        if key == "model.name" and not path.is_dir():
            continue
        section, name = key.split(".", 1)
        setattr(getattr(config, section), name, os.path.normpath(path))


def load_config(
    preset: str | None = None,
    profile: HardwareProfile | None = None,
    flags: dict[str, Any] | None = None,
) -> TrinityConfig:
    """Resolve defaults < preset < hardware profile < flags; paths come out absolute."""
    config = TrinityConfig()
    preset_dir = None
    if preset:
        path = find_preset(preset)
        config.preset = str(path)
        preset_dir = preset_folder(path)
        for key, value in _flatten(read_preset(path), str(path)).items():
            config.set(key, value, str(path))
    if profile is not None:
        config.profile = profile.name
        for key, value in profile.overrides.items():
            config.set(key, value, f"profile {profile.name}")
    for key, value in (flags or {}).items():
        config.set(key, value, "--set", from_text=isinstance(value, str))
    _absolute_paths(config, preset_dir)
    return config
