"""TrinityConfig: precedence (defaults < preset < profile < flags) and every validation error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.config import (
    TRINITY_TARGETS,
    find_preset,
    list_presets,
    load_config,
    parse_assignments,
)
from ghost_architect.errors import GhostError

BUILTIN = {p.name: p for p in PROFILES}


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "preset.toml"
    path.write_text(text)
    return str(path)


def test_defaults_are_the_trinity_recipe():
    config = load_config()
    assert (config.adapter.r, config.adapter.use_rslora, config.adapter.use_dora) == (
        64,
        True,
        True,
    )
    assert config.adapter.target_modules == TRINITY_TARGETS
    assert config.model.load_in_4bit is True
    assert config.sources == {}


def test_precedence_preset_then_profile_then_flags(tmp_path):
    preset = write(
        tmp_path,
        '[model]\ndtype = "bf16"\nmax_seq_length = 2048\n[train]\nbackend = "unsloth"\n',
    )
    # profile t4 overrides dtype; the flag overrides the profile's dtype again
    config = load_config(preset, BUILTIN["t4-16gb"], {})
    assert config.model.dtype == "fp16"
    assert config.sources["model.dtype"] == "profile t4-16gb"
    assert config.model.max_seq_length == 2048
    assert config.sources["model.max_seq_length"] == preset
    config = load_config(preset, BUILTIN["t4-16gb"], {"model.dtype": "fp32", "train.lr": "1e-4"})
    assert config.model.dtype == "fp32"
    assert config.sources["model.dtype"] == "--set"
    assert config.train.learning_rate == pytest.approx(1e-4)
    # cpu profile forces the hf backend over the preset's unsloth
    assert load_config(preset, BUILTIN["cpu"]).train.backend == "hf"


def test_flag_strings_are_parsed_to_field_types():
    config = load_config(
        flags={
            "adapter.use_dora": "false",
            "adapter.r": "16",
            "adapter.lora_alpha": "8",
            "adapter.target_modules": "q_proj, v_proj",
        }
    )
    assert config.adapter.use_dora is False
    assert config.adapter.r == 16
    assert config.adapter.lora_alpha == 8.0
    assert config.adapter.target_modules == ["q_proj", "v_proj"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"adapter.r": "0"}, "--set: adapter.r = 0 is invalid: expected an integer from 1 to 1024"),
        ({"adapter.r": "sixty"}, "adapter.r = 'sixty' is invalid: expected an integer"),
        ({"adapter.lora_alpha": "0"}, "adapter.lora_alpha = 0.0 is invalid: expected a number > 0"),
        ({"adapter.lora_dropout": "1.5"}, "expected a number from 0.0 to 0.99"),
        (
            {"adapter.use_dora": "maybe"},
            "adapter.use_dora = 'maybe' is invalid: expected true or false",
        ),
        ({"adapter.target_modules": ""}, "expected a list of module names"),
        (
            {"model.dtype": "fp8"},
            "model.dtype = 'fp8' is invalid: expected one of auto, bf16, fp16, fp32",
        ),
        ({"model.max_seq_length": "8"}, "expected an integer from 16 to 131072"),
        ({"train.backend": "jax"}, "expected one of auto, hf, unsloth"),
        (
            {"train.optimizer": "lion"},
            "train.optimizer = 'lion' is invalid: expected one of adamw_8bit",
        ),
        ({"train.lr_scheduler_type": "step"}, "expected one of linear, cosine"),
        ({"train.learning_rate": "-1"}, "expected a number from 0 (exclusive) to 1"),
        ({"train.max_steps": "-5"}, "train.max_steps = -5 is invalid: expected an integer >= 0"),
        ({"train.num_train_epochs": "0"}, "expected a number > 0"),
        ({"train.per_device_train_batch_size": "0"}, "expected an integer from 1 to 4096"),
        ({"data.eval_fraction": "0.9"}, "expected a number from 0.0 to 0.5"),
        (
            {"train.optimzer": "adamw_8bit"},
            "unknown key 'train.optimzer' (did you mean train.optimizer?)",
        ),
        (
            {"trian.seed": "1"},
            "unknown key 'trian.seed' (sections are model, adapter, train, data)",
        ),
    ],
)
def test_each_bad_flag_names_key_value_and_allowed(flags, message):
    with pytest.raises(GhostError) as info:
        load_config(flags=flags)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[adapter]\nr = 64.5\n", "adapter.r = 64.5 is invalid: expected an integer"),
        ("[adapter]\nr = true\n", "adapter.r = True is invalid: expected an integer"),
        ("[adapter]\nuse_dora = 1\n", "adapter.use_dora = 1 is invalid: expected true or false"),
        ("[adapter]\ntarget_modules = 'q_proj'\n", "expected a list of module names"),
        ("[adapter]\ntarget_modules = ['q proj']\n", "expected a list of module names"),
        ("[adapter]\nrank = 8\n", "unknown key 'adapter.rank'"),
        ("[lora]\nr = 8\n", "unknown key 'lora.r' (sections are model, adapter, train, data)"),
        ("seed = 1\n", "unknown top-level key 'seed'"),
        ("[model\nname = 'x'\n", "invalid TOML"),
    ],
)
def test_each_bad_preset_value_names_file_and_key(tmp_path, text, message):
    preset = write(tmp_path, text)
    with pytest.raises(GhostError) as info:
        load_config(preset)
    assert message in str(info.value)
    assert str(info.value).startswith(preset)


def test_missing_preset_lists_available():
    with pytest.raises(GhostError, match=r"preset 'nope' not found.*cpu-270m"):
        find_preset("nope")


def test_shipped_presets_all_load_with_their_profiles():
    names = {p.stem for p in list_presets()}
    assert {
        "cpu-270m",
        "t4-12b",
        "t4-vision",
        "a10g-vision",
        "rtx3060-1b",
        "rtx3080-laptop",
    } <= names
    for path in list_presets():
        load_config(str(path), BUILTIN["cpu"])


def test_t4_12b_preset_matches_published_plan():
    config = load_config("t4-12b", BUILTIN["t4-16gb"])
    t = config.train
    assert (config.model.max_seq_length, config.adapter.r) == (4096, 64)
    assert (t.per_device_train_batch_size, t.gradient_accumulation_steps) == (1, 4)
    assert (t.learning_rate, t.optimizer, t.lr_scheduler_type, t.max_steps) == (
        2e-4,
        "adamw_8bit",
        "cosine",
        60,
    )
    assert config.compute_dtype(BUILTIN["t4-16gb"]) == "fp16"


def test_parse_assignments_rejects_malformed():
    assert parse_assignments(["adapter.r=8"]) == {"adapter.r": "8"}
    with pytest.raises(GhostError, match=r"expected section\.key=value"):
        parse_assignments(["r8"])


def test_a_saved_run_config_keeps_its_hardware_profile(tmp_path):
    """--resume must not re-plan a GPU run for the default cpu profile."""
    from ghost_architect.hardware import resolve_profile
    from ghost_architect.plugins import named
    from ghost_architect.training.run import load_run_config, save_config

    profile = resolve_profile(named("hardware"), "h100-80gb")
    save_config(load_config(profile=profile), tmp_path)
    assert load_run_config(tmp_path).profile == "h100-80gb"
