"""Hostile checkpoints: no code runs from a checkpoint or an adapter someone hands you. The trainer
state is safetensors + JSON; a pickle is refused by name and never opened; a damaged or edited
state is one clear line; and resume still continues bit-exactly."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shlex
import shutil
from pathlib import Path

import pytest
import torch
from conftest import ROOT, run_ghost

from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.config import load_config
from ghost_architect.errors import UnreadableInput
from ghost_architect.models.random_init import make_random_gemma3
from ghost_architect.training import checkpoint as ckpt
from ghost_architect.training.loop import Interrupted, TrinityLoop
from ghost_architect.training.run import train

CPU = next(p for p in PROFILES if p.name == "cpu")


class Poison:
    """A pickle whose loading runs a shell command that creates ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


def poison(marker: Path) -> bytes:
    """The payload, proven live: unpickling a copy of it does run the command."""
    proof = marker.with_name(marker.name + ".proof")
    pickle.loads(pickle.dumps(Poison(proof)))
    assert proof.exists()
    proof.unlink()
    return pickle.dumps(Poison(marker))


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tiny_config(model: Path, run: Path, data: Path, steps: int):
    return load_config(
        flags={
            "model.name": str(model),
            "model.load_in_4bit": "false",
            "model.dtype": "fp32",
            "model.max_seq_length": "1024",
            "adapter.r": "8",
            "train.backend": "hf",
            "train.optimizer": "adamw_torch",
            "train.per_device_train_batch_size": "1",
            "train.gradient_accumulation_steps": "1",
            "train.max_steps": str(steps),
            "train.save_steps": "1",
            "train.learning_rate": "1e-3",
            "train.warmup_steps": "1",
            "train.lr_scheduler_type": "cosine",
            "train.gradient_checkpointing": "false",
            "train.output_dir": str(run),
            "data.train": str(data),
            "data.eval_fraction": "0",
        }
    )


def quiet(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny random Gemma 3 and three text records."""
    folder = tmp_path_factory.mktemp("tiny")
    lines = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()[:3]
    data = folder / "three.jsonl"
    data.write_text("".join(line + "\n" for line in lines))
    return make_random_gemma3("tiny", folder / "model"), data


@pytest.fixture(scope="module")
def base_run(tiny, tmp_path_factory) -> Path:
    """A finished two-step run with checkpoint-1 and checkpoint-2."""
    model, data = tiny
    run = tmp_path_factory.mktemp("base") / "run"
    train(tiny_config(model, run, data, 2), CPU, run, say=quiet)
    return run


@pytest.fixture
def run(base_run, tmp_path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(base_run, copy)
    return copy


def resume(run: Path):
    """`ghost train --resume` on ``run``; asserts it changed no file there."""
    before = digest(run)
    result = run_ghost("train", "--output", str(run), "--resume", "--max-steps", "3")
    assert digest(run) == before
    assert "Traceback" not in result.stderr
    return result


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_a_checkpoint_is_safetensors_and_json_only(base_run):
    folder = base_run / "checkpoints" / "checkpoint-2"
    assert sorted(p.name for p in folder.iterdir()) == [
        "adapter",
        "trainer_state.json",
        "trainer_state.safetensors",
    ]
    assert sorted(p.name for p in (folder / "adapter").iterdir()) == [
        "README.md",
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    state = json.loads((folder / "trainer_state.json").read_text())
    assert state["__items__"][:2] == [["step", 2], ["cursor", 2]]


@pytest.mark.parametrize("name", ["trainer_state.pt", "state.pth", "rng.pkl", "optim.bin"])
def test_a_pickled_trainer_state_is_refused_and_never_run(run, tmp_path, name):
    folder = run / "checkpoints" / "checkpoint-2"
    for stale in ("trainer_state.json", "trainer_state.safetensors"):
        (folder / stale).unlink()
    marker = tmp_path / "pwned"
    (folder / name).write_bytes(poison(marker))
    result = resume(run)
    assert result.returncode == 3
    assert error_lines(result) == [
        f"Error: {folder / name}: a pickled trainer state, which ghost never loads (unpickling "
        f"can run code) (start a new run with another --output (checkpoints of older versions "
        f"cannot be resumed))"
    ]
    assert not marker.exists()


def test_a_pickled_adapter_is_refused_and_never_run(run, tmp_path):
    adapter = run / "checkpoints" / "checkpoint-2" / "adapter"
    (adapter / "adapter_model.safetensors").unlink()
    marker = tmp_path / "pwned"
    (adapter / "adapter_model.bin").write_bytes(poison(marker))
    result = resume(run)
    assert result.returncode == 3
    assert error_lines(result) == [
        f"Error: {adapter / 'adapter_model.bin'}: a pickled adapter, which ghost never loads "
        f"(unpickling can run code) (save it as safetensors (save_pretrained(..., "
        f"safe_serialization=True)) as adapter_model.safetensors)"
    ]
    assert not marker.exists()


@pytest.mark.parametrize("name", ["trainer_state.json", "trainer_state.safetensors"])
def test_a_pickle_renamed_as_the_state_is_damaged_never_run(run, tmp_path, name):
    folder = run / "checkpoints" / "checkpoint-2"
    marker = tmp_path / "pwned"
    (folder / name).write_bytes(poison(marker))
    with pytest.raises(UnreadableInput, match=re.escape(f"{folder}: damaged trainer state (")):
        ckpt.load_state(folder)
    assert not marker.exists()
    result = resume(run)
    assert result.returncode == 3
    assert error_lines(result)[0].startswith(f"Error: {folder}: damaged trainer state (")
    assert len(error_lines(result)) == 1
    assert not marker.exists()


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda s: s.replace('["step", 2]', '["step", "2"]'), "TypeError: expected an object"),
        (lambda s: s.replace("__items__", "__evil__", 1), "KeyError: '__items__'"),
        (lambda s: "[" * 100_000 + s, "RecursionError"),
        (lambda s: s[: len(s) // 2], "JSONDecodeError"),
        (
            lambda s: s.replace('"__tensor__": "state.rng.torch"', '"__tensor__": "nope"'),
            "KeyError",
        ),
    ],
)
def test_an_edited_state_is_one_clear_error(run, edit, reason):
    state = run / "checkpoints" / "checkpoint-2" / "trainer_state.json"
    state.write_text(edit(state.read_text()))
    with pytest.raises(UnreadableInput) as info:
        ckpt.load_state(state.parent)
    assert str(info.value).startswith(f"{state.parent}: damaged trainer state ({reason}")
    assert str(info.value).endswith("(remove this checkpoint to resume an older one)")


def test_a_missing_state_file_is_named(run):
    folder = run / "checkpoints" / "checkpoint-2"
    (folder / "trainer_state.safetensors").unlink()
    result = resume(run)
    assert result.returncode == 3
    assert error_lines(result) == [
        f"Error: {folder}: no trainer_state.safetensors (remove this incomplete checkpoint to "
        f"resume an older one)"
    ]


def test_an_optimizer_state_for_another_model_does_not_load(run, tiny):
    folder = run / "checkpoints" / "checkpoint-2"
    state = folder / "trainer_state.json"
    text = state.read_text()
    edited = re.sub(r'\["params", \[(\d+), ', r'["params", [', text, count=1)
    assert edited != text
    state.write_text(edited)
    model, data = tiny
    with pytest.raises(UnreadableInput) as info:
        train(tiny_config(model, run, data, 3), CPU, run, resume=True, say=quiet)
    assert str(info.value) == (
        f"{folder}: its trainer state does not fit this run (ValueError) (remove this checkpoint "
        f"to resume an older one, or start a new run)"
    )


def test_an_adapter_of_another_shape_does_not_load(run, tiny):
    from safetensors.torch import load_file, save_file

    weights = run / "checkpoints" / "checkpoint-2" / "adapter" / "adapter_model.safetensors"
    tensors = load_file(str(weights))
    save_file({k: torch.zeros(3, 3) for k in tensors}, str(weights))
    model, data = tiny
    with pytest.raises(UnreadableInput, match=re.escape(f"{weights}: does not load into")):
        train(tiny_config(model, run, data, 3), CPU, run, resume=True, say=quiet)


def test_state_round_trips_exactly(tmp_path):
    param = torch.nn.Parameter(torch.randn(4, 3))
    optimizer = torch.optim.AdamW([param], lr=1e-3, betas=(0.8, 0.9))
    param.grad = torch.randn(4, 3)
    optimizer.step()
    state = {
        "step": 7,
        "cursor": 14,
        "optimizer": optimizer.state_dict(),
        "rng": ckpt.rng_state(),
        "odd": {3: (1.5, None, float("inf")), "bf16": torch.ones(2, dtype=torch.bfloat16)},
    }
    (tmp_path / "adapter").mkdir()
    (tmp_path / "adapter" / "adapter_model.safetensors").write_bytes(b"")
    ckpt.write_state(tmp_path, state)
    back = ckpt.load_state(tmp_path)
    assert back["optimizer"]["param_groups"] == state["optimizer"]["param_groups"]
    assert back["optimizer"]["param_groups"][0]["betas"] == (0.8, 0.9)
    saved, loaded = state["optimizer"]["state"][0], back["optimizer"]["state"][0]
    assert set(loaded) == set(saved) and all(torch.equal(loaded[k], saved[k]) for k in saved)
    assert back["rng"]["python"] == state["rng"]["python"]
    numpy_state = back["rng"]["numpy"]
    assert numpy_state[0] == "MT19937" and (numpy_state[1] == state["rng"]["numpy"][1]).all()
    assert torch.equal(back["rng"]["torch"], state["rng"]["torch"])
    assert back["odd"][3] == (1.5, None, float("inf"))
    assert back["odd"]["bf16"].dtype == torch.bfloat16


def test_resume_continues_bit_exactly(tiny, tmp_path, monkeypatch):
    model, data = tiny
    full = tmp_path / "full"
    train(tiny_config(model, full, data, 4), CPU, full, say=quiet)

    original = TrinityLoop.__init__

    def stop_at_2(loop: TrinityLoop, *args, **kwargs) -> None:
        original(loop, *args, **kwargs)

        def progress(row, total):
            loop.stop_requested = row["step"] == 2 or loop.stop_requested

        loop.progress = progress

    split = tmp_path / "split"
    with monkeypatch.context() as patch, pytest.raises(Interrupted):
        patch.setattr(TrinityLoop, "__init__", stop_at_2)
        train(tiny_config(model, split, data, 4), CPU, split, say=quiet)
    train(tiny_config(model, split, data, 4), CPU, split, resume=True, say=quiet)

    def losses(run: Path) -> list[float]:
        rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
        return [r["loss"] for r in rows]

    assert len(losses(full)) == 4
    assert losses(split) == losses(full)
    final = [load_adapter(run) for run in (full, split)]
    assert final[0].keys() == final[1].keys()
    assert all(torch.equal(final[0][k], final[1][k]) for k in final[0])


def load_adapter(run: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return load_file(str(run / "adapter" / "adapter_model.safetensors"))


def test_no_code_path_unpickles():
    """Every torch.load in the package passes weights_only=True; nothing imports pickle."""
    for path in (ROOT / "ghost_architect").rglob("*.py"):
        text = path.read_text()
        for call in re.findall(r"torch\.load\([^)]*\)", text):
            assert "weights_only=True" in call, (path, call)
        assert not re.search(r"^\s*(import pickle|from pickle)", text, re.M), path
