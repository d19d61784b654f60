"""Hostile config: values that cannot be right are refused naming the field, bf16 on a device
without it falls back with one warning, relative paths resume from any folder, and `ghost train
--output` never replaces a user's file."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, run_ghost

from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.config import find_preset, load_config, read_preset
from ghost_architect.errors import UsageError
from ghost_architect.models.random_init import make_random_gemma3
from ghost_architect.training import run as run_module

CPU = next(p for p in PROFILES if p.name == "cpu")
TINY_FLAGS = (
    "model.load_in_4bit=false",
    "model.dtype=fp32",
    "model.max_seq_length=1024",
    "adapter.r=8",
    "train.optimizer=adamw_torch",
    "train.per_device_train_batch_size=1",
    "train.gradient_accumulation_steps=1",
    "train.save_steps=1",
    "train.gradient_checkpointing=false",
    "data.eval_fraction=0",
)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def only_error(result) -> str:
    """The one line a refused command printed."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("toml", "line"),
    [
        ("[train]\nlearning_rate = nan\n", "train.learning_rate = nan is not a finite positive "
                                           "number (set it to e.g. 0.0002)"),
        ("[train]\nlearning_rate = inf\n", "train.learning_rate = inf is not a finite positive "
                                           "number (set it to e.g. 0.0002)"),
        ("[adapter]\nlora_alpha = inf\n", "adapter.lora_alpha = inf is not a finite positive "
                                          "number (set it to e.g. 32)"),
        ("[adapter]\nlora_dropout = nan\n", "adapter.lora_dropout = nan is not a finite "
                                            "non-negative number (set it to e.g. 0)"),
        ("[train]\nnum_train_epochs = inf\n", "train.num_train_epochs = inf is not a finite "
                                              "positive number (set it to e.g. 1)"),
        ("[train]\nweight_decay = -inf\n", "train.weight_decay = -inf is not a finite "
                                           "non-negative number (set it to e.g. 0.01)"),
        ("[train]\nmax_grad_norm = nan\n", "train.max_grad_norm = nan is not a finite positive "
                                           "number (set it to e.g. 1)"),
        ("[data]\neval_fraction = nan\n", "data.eval_fraction = nan is not a finite "
                                          "non-negative number (set it to e.g. 0.05)"),
        ("[train]\nper_device_train_batch_size = 0\n", "train.per_device_train_batch_size = 0 "
                                                       "is invalid: expected an integer from 1 "
                                                       "to 4096"),
        ("[train]\nwarmup_steps = -1\n", "train.warmup_steps = -1 is invalid: expected an "
                                         "integer >= 0"),
        ('[train]\noutput_dir = ""\n', "train.output_dir = '' is invalid: expected non-empty "
                                       "text"),
        ('[train]\noutput_dir = "run\\u0000x"\n', "train.output_dir = 'run\\x00x' is invalid: "
                                                  "expected non-empty text"),
        ('[model]\nname = "  "\n', "model.name = '  ' is invalid: expected non-empty text"),
    ],
)  # fmt: skip
def test_a_config_file_value_that_cannot_be_right_is_refused(tmp_path, toml, line):
    path = tmp_path / "x.toml"
    path.write_text(toml)
    result = run_ghost("config", "--config", str(path))
    assert result.returncode == 2
    assert only_error(result) == f"Error: {path}: {line}"
    assert os.listdir(tmp_path) == ["x.toml"]


@pytest.mark.parametrize(
    ("assignment", "line"),
    [
        ("train.lr=nan", "train.learning_rate = nan is not a finite positive number (set it to "
                         "e.g. 0.0002)"),
        ("train.learning_rate=1e999", "train.learning_rate = inf is not a finite positive "
                                      "number (set it to e.g. 0.0002)"),
        ("train.grad_accum=0", "train.gradient_accumulation_steps = 0 is invalid: expected an "
                               "integer from 1 to 4096"),
        ("train.epochs=-1", "train.num_train_epochs = -1.0 is invalid: expected a number > 0"),
        ("model.seq=0", "model.max_seq_length = 0 is invalid: expected an integer from 16 to "
                        "131072"),
        ("adapter.r=-8", "adapter.r = -8 is invalid: expected an integer from 1 to 1024"),
        ("adapter.lora_alpha=-16", "adapter.lora_alpha = -16.0 is invalid: expected a number "
                                   "> 0"),
        ("train.save_steps=0", "train.save_steps = 0 is invalid: expected an integer >= 1"),
        ("train.eval_steps=-5", "train.eval_steps = -5 is invalid: expected an integer >= 0"),
        ("train.seed=99999999999999999999", "train.seed = 99999999999999999999 is invalid: "
                                            "expected an integer from 0 to 4294967295"),
    ],
)  # fmt: skip
def test_a_set_override_goes_through_the_same_checks(assignment, line):
    result = run_ghost("config", "--set", assignment)
    assert result.returncode == 2
    assert only_error(result) == f"Error: --set: {line}"


def test_train_refuses_nan_before_writing_anything(tmp_path):
    run = tmp_path / "run"
    result = run_ghost("train", "--output", str(run), "--set", "train.learning_rate=nan")
    assert result.returncode == 2
    assert "train.learning_rate = nan is not a finite positive number" in result.stderr
    assert os.listdir(tmp_path) == []


def test_relative_paths_start_at_the_config_file(tmp_path):
    (tmp_path / "model").mkdir()
    path = tmp_path / "exp" / "x.toml"
    path.parent.mkdir()
    path.write_text(
        '[data]\ntrain = "../data/t.jsonl"\n[train]\noutput_dir = "runs/a"\n'
        '[model]\nname = "../model"\n'
    )
    config = load_config(str(path))
    assert config.data.train == str(tmp_path / "data" / "t.jsonl")
    assert config.train.output_dir == str(tmp_path / "exp" / "runs" / "a")
    assert config.model.name == str(tmp_path / "model")


def test_a_hub_model_name_and_flags_keep_their_meaning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(flags={"model.name": "google/gemma-3-1b-it", "data.train": "d.jsonl"})
    assert config.model.name == "google/gemma-3-1b-it"
    assert config.data.train == str(tmp_path / "d.jsonl")
    assert config.train.output_dir == str(tmp_path / "output" / "adapters" / "run")


@pytest.mark.parametrize("cwd", [ROOT, None])
def test_a_built_in_preset_keeps_working_directory_paths(tmp_path, monkeypatch, cwd):
    monkeypatch.chdir(cwd or tmp_path)
    written = read_preset(find_preset("gpu-270m-schema"))
    config = load_config("gpu-270m-schema")
    assert config.data.train == str(Path.cwd() / written["data"]["train"])
    assert config.train.output_dir == str(Path.cwd() / written["train"]["output_dir"])


def test_bf16_on_a_device_without_it_falls_back_with_one_warning(monkeypatch, capsys):
    monkeypatch.setattr(run_module, "bf16_supported", lambda: False)
    config = load_config(flags={"model.dtype": "bf16"})
    run_module.fit_dtype(config, CPU)
    assert config.model.dtype == "fp32"
    assert config.sources["model.dtype"] == "no bf16 on this CPU"
    assert capsys.readouterr().err.splitlines() == [
        "Warning: model.dtype: this CPU has no native bf16, training in fp32 instead (set "
        "model.dtype to choose)"
    ]
    auto = load_config()  # the cpu profile asks for bf16 too
    run_module.fit_dtype(auto, CPU)
    assert auto.model.dtype == "fp32"


def test_bf16_stays_where_the_device_has_it(monkeypatch, capsys):
    monkeypatch.setattr(run_module, "bf16_supported", lambda: True)
    config = load_config(flags={"model.dtype": "bf16"})
    run_module.fit_dtype(config, CPU)
    assert config.model.dtype == "bf16"
    assert capsys.readouterr().err == ""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """An experiment folder: a tiny model, three records and a config naming both relatively."""
    folder = tmp_path_factory.mktemp("exp")
    make_random_gemma3("tiny", folder / "model")
    lines = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()[:3]
    (folder / "data").mkdir()
    (folder / "data" / "three.jsonl").write_text("".join(line + "\n" for line in lines))
    (folder / "tiny.toml").write_text(
        '[model]\nname = "model"\n[data]\ntrain = "data/three.jsonl"\n[train]\nbackend = "hf"\n'
    )
    return folder


def test_resume_works_from_any_working_directory(tiny, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sets = [arg for flag in TINY_FLAGS for arg in ("--set", flag)]
    first = run_ghost("train", "--config", "tiny.toml", "--output", str(tmp_path / "run"),
                      "--max-steps", "2", *sets, cwd=tiny)  # fmt: skip
    assert first.returncode == 0, first.stderr[-2000:]
    saved = (tmp_path / "run" / "config.toml").read_text()
    assert f'train = "{tiny / "data" / "three.jsonl"}"' in saved
    assert f'name = "{tiny / "model"}"' in saved
    again = run_ghost("train", "--output", "../run", "--resume", "--max-steps", "3", cwd=elsewhere)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "resuming from checkpoint-2" in again.stderr
    assert json.loads((tmp_path / "run" / "run.json").read_text())["steps"] == 3
    assert os.listdir(elsewhere) == []


@pytest.mark.parametrize(
    "files",
    [{"config.toml": "my own settings\n"}, {"notes.txt": "x"}, {".hidden": ""}],
)
def test_output_with_user_files_is_refused(tiny, tmp_path, files):
    out = tmp_path / "mine"
    out.mkdir()
    for name, text in files.items():
        (out / name).write_text(text)
    before = digest(out)
    result = run_ghost("train", "--config", str(tiny / "tiny.toml"), "--output", str(out))
    assert result.returncode == 2
    name = next(iter(files))
    assert only_error(result) == (
        f"Error: {out} is not empty and is not a ghost run: 1 file(s) such as {name} (choose "
        f"another --output, or pass --force to train there (files named like the run's, such "
        f"as config.toml, are replaced))"
    )
    assert digest(out) == before and sorted(os.listdir(out)) == sorted(files)


def test_output_that_is_a_file_is_refused(tiny, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    result = run_ghost("train", "--config", str(tiny / "tiny.toml"), "--output", str(target))
    assert result.returncode == 2
    assert "is a file" in result.stderr
    assert target.read_text() == "keep me"


def test_force_trains_beside_user_files_and_keeps_them(tiny, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    sets = [arg for flag in TINY_FLAGS for arg in ("--set", flag)]
    result = run_ghost("train", "--config", str(tiny / "tiny.toml"), "--output", str(out),
                       "--max-steps", "1", "--force", *sets)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert (out / "notes.txt").read_text() == "keep me"
    assert (out / ".ghost-run.json").exists() and (out / "adapter").is_dir()


def test_a_killed_run_folder_is_ghosts_and_an_empty_one_is_free(tmp_path):
    killed = tmp_path / "killed"
    killed.mkdir()
    (killed / ".ghost-run.json").write_text("{}")
    (killed / "config.toml").write_text("x = 1\n")
    assert run_module.prepare_run_dir(killed, resume=False) is None
    (tmp_path / "empty").mkdir()
    assert run_module.prepare_run_dir(tmp_path / "empty", resume=False) is None
    with pytest.raises(UsageError, match="is not empty and is not a ghost run"):
        run_module.prepare_run_dir(tmp_path, resume=False)
    assert run_module.prepare_run_dir(tmp_path, resume=False, force=True) is None


def test_fp16_on_a_device_without_it_is_fp32_decided_with_the_config(monkeypatch, capsys):
    """fp16 where the device has none (this CPU) becomes fp32 once, while the config is resolved,
    and the run's config records why; loading then takes the config's dtype as it is."""
    from ghost_architect.hardware import this_device

    if this_device()[1].supports_dtype("fp16"):
        pytest.fail("this test needs a device kind without fp16 (the CPU)")
    config = load_config(flags={"model.dtype": "fp16"})
    run_module.fit_dtype(config, CPU)
    assert (config.model.dtype, config.sources["model.dtype"]) == ("fp32", "no fp16 on this CPU")
    assert capsys.readouterr().err.splitlines() == [
        "Warning: model.dtype: fp16 compute is not supported on this CPU: using fp32"
    ]
