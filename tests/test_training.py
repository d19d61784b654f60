"""Trinity training on CPU: the real Gemma 3 270M, exact resume, Ctrl-C, tiny vision, OOM ladder."""

from __future__ import annotations

import itertools
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomllib
import torch
from conftest import ROOT, run_ghost

from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.config import load_config
from ghost_architect.infer import infer
from ghost_architect.models.random_init import make_random_gemma3
from ghost_architect.prompts import vision_messages
from ghost_architect.serving.transformers_engine import TransformersEngine
from ghost_architect.training.loop import Interrupted, TrinityLoop
from ghost_architect.training.run import train

CPU = next(p for p in PROFILES if p.name == "cpu")
SFT = ROOT / "data" / "sft" / "schema-sft.jsonl"


def small_config(run_dir: Path, **extra) -> object:
    flags = {
        "model.name": "gemma-3-270m",
        "model.load_in_4bit": False,
        "model.dtype": "fp32",
        "model.max_seq_length": 160,
        "adapter.r": 16,
        "adapter.lora_alpha": 16,
        "adapter.use_dora": True,
        "adapter.use_rslora": True,
        "train.backend": "hf",
        "train.per_device_train_batch_size": 1,
        "train.gradient_accumulation_steps": 2,
        "train.max_steps": 6,
        "train.save_steps": 3,
        "train.warmup_steps": 1,
        "train.learning_rate": 1e-4,
        "train.optimizer": "adamw_torch",
        "train.gradient_checkpointing": False,
        "train.output_dir": str(run_dir),
        "data.train": str(SFT),
        "data.eval_fraction": 0.0,
        "data.max_examples": 24,
    }
    flags.update(extra)
    return load_config(flags={k: str(v) if not isinstance(v, str) else v for k, v in flags.items()})


def quiet(message: str) -> None:
    pass


@pytest.fixture
def on_loop(monkeypatch):
    """``on_loop(hook)``: a context in which ``hook(loop)`` sees each TrinityLoop the run builds,
    once it is ready to run (the way tests reach the live loop)."""
    from contextlib import contextmanager

    @contextmanager
    def install(hook):
        original = TrinityLoop.__init__

        def init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            hook(self)

        with monkeypatch.context() as patch:
            patch.setattr(TrinityLoop, "__init__", init)
            yield

    return install


@pytest.fixture
def one_thread():
    """One intra-op thread: CPU reductions then add in one fixed order, so two runs of the same
    steps agree to the last bits (with several threads a busy machine can change the split and
    move a loss by ~1e-5)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.slow
def test_resume_reproduces_uninterrupted_losses(tmp_path, one_thread, on_loop):
    full = train(small_config(tmp_path / "full"), CPU, tmp_path / "full", say=quiet)
    assert full.steps == 6

    def stop_at_3(loop: TrinityLoop) -> None:
        original = loop.progress

        def progress(row, total):
            if row["step"] == 3:
                loop.stop_requested = True  # what the SIGINT handler does

        loop.progress = progress if original is None else original

    split = tmp_path / "split"
    with on_loop(stop_at_3), pytest.raises(Interrupted) as stopped:
        train(small_config(split), CPU, split, say=quiet)
    assert stopped.value.step == 3
    assert (split / "checkpoints" / "checkpoint-3" / "trainer_state.safetensors").exists()
    resumed = train(small_config(split), CPU, split, resume=True, say=quiet)
    assert resumed.steps == 6
    assert (resumed.resumed_at_step, full.resumed_at_step) == (3, None)  # timed after step 3
    assert json.loads((split / "run.json").read_text())["resumed_at_step"] == 3

    def losses(run: Path) -> list[float]:
        rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
        return [r["loss"] for r in rows if "loss" in r]

    a, b = losses(tmp_path / "full"), losses(split)
    assert len(a) == len(b) == 6
    assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-5, (a, b)


@pytest.mark.slow
def test_cpu_preset_trains_real_270m_and_adapter_loads_back(tmp_path):
    run = tmp_path / "cpu-270m"
    result = run_ghost("train", "--config", "cpu-270m", "--max-steps", "6", "--output", str(run))
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads((run / "run.json").read_text())
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    losses = [r["loss"] for r in rows if "loss" in r]
    assert summary["steps"] == 6 and summary["backend"] == "hf"
    assert sum(losses[-2:]) / 2 < losses[0]  # loss falls
    assert (run / "loss.png").stat().st_size > 1000
    config = (run / "config.toml").read_text()
    assert "use_dora = true" in config and "use_rslora = true" in config and "r = 64" in config
    versions = json.loads((run / "versions.json").read_text())
    assert versions["torch"] and versions["peft"] and versions["transformers"]

    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from ghost_architect.data.dataset import load_dataset
    from ghost_architect.models.offline import hf_model_dir, load_tokenizer
    from ghost_architect.plugins import named
    from ghost_architect.training.features import collate_text, encode_example

    tokenizer = load_tokenizer(str(hf_model_dir()))
    base = AutoModelForCausalLM.from_pretrained(str(hf_model_dir()), dtype=torch.float32)
    examples = load_dataset(SFT, named("datasets")).examples[:6]
    batch = collate_text([encode_example(e, tokenizer, 512) for e in examples[:1]], 0)
    with torch.no_grad():
        before = float(base(**batch).loss)
        tuned = PeftModel.from_pretrained(base, str(run / "adapter"))
        after = float(tuned(**batch).loss)
    assert tuned.peft_config["default"].use_dora and tuned.peft_config["default"].use_rslora
    assert after < before


@pytest.mark.slow
def test_ctrl_c_saves_checkpoint_and_resume_finishes(tmp_path):
    run = tmp_path / "run"
    args = [
        sys.executable,
        "-m",
        "ghost_architect.cli",
        "train",
        "--config",
        "cpu-270m",
        "--max-steps",
        "40",
        "--output",
        str(run),
        "--set",
        "adapter.r=8",
        "--set",
        "data.max_examples=16",
    ]
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    metrics = run / "metrics.jsonl"
    while proc.poll() is None and not (metrics.exists() and metrics.read_text().strip()):
        time.sleep(0.5)  # the first step is logged (no wall-clock limit: a busy machine is slow)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130, err[-2000:]
    assert "Interrupted at step" in err and "--resume" in err
    step = int(err.split("Interrupted at step ")[1].split(":")[0])
    assert (
        run / "checkpoints" / f"checkpoint-{step}" / "adapter" / "adapter_model.safetensors"
    ).exists()
    again = run_ghost("train", "--output", str(run), "--resume", "--max-steps", str(step + 1))
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"resuming from checkpoint-{step}" in again.stderr
    assert json.loads((run / "run.json").read_text())["steps"] == step + 1


def test_too_short_max_seq_length_is_one_clear_line(tmp_path):
    result = run_ghost(
        "train",
        "--config",
        "cpu-270m",
        "--output",
        str(tmp_path / "r"),
        "--set",
        "model.max_seq_length=64",
        "--set",
        "data.max_examples=4",
    )
    assert result.returncode == 1
    assert (
        "Error: none of the 4 examples keeps any answer token within model.max_seq_length = 64"
        in result.stderr
    )


def test_existing_run_needs_resume_and_resume_needs_checkpoint(tmp_path):
    run = tmp_path / "r"
    (run / "adapter").mkdir(parents=True)
    result = run_ghost("train", "--config", "cpu-270m", "--output", str(run))
    assert result.returncode == 2 and "already holds a run (pass --resume" in result.stderr
    empty = run_ghost("train", "--output", str(tmp_path / "none"), "--resume")
    assert empty.returncode == 2 and "no checkpoint in" in empty.stderr
    nodata = run_ghost(
        "train",
        "--config",
        "cpu-270m",
        "--data",
        str(tmp_path / "x.jsonl"),
        "--output",
        str(tmp_path / "n"),
    )
    assert nodata.returncode == 1 and "no such file or folder" in nodata.stderr


@pytest.fixture(scope="module")
def tiny_text(tmp_path_factory) -> Path:
    return make_random_gemma3("tiny", tmp_path_factory.mktemp("tiny") / "text")


@pytest.fixture(scope="module")
def tiny_vision(tmp_path_factory) -> Path:
    return make_random_gemma3("tiny", tmp_path_factory.mktemp("tiny") / "vision", vision=True)


def tiny_config(model: Path, run: Path, data: Path, **extra):
    flags = {
        "model.name": str(model),
        "model.load_in_4bit": "false",
        "model.dtype": "fp32",
        "model.max_seq_length": "4096",
        "adapter.r": "64",
        "train.backend": "hf",
        "train.optimizer": "adamw_torch",
        "train.per_device_train_batch_size": "2",
        "train.gradient_accumulation_steps": "1",
        "train.max_steps": "6",
        "train.save_steps": "2",
        "train.learning_rate": "1e-3",
        "train.warmup_steps": "0",
        "train.lr_scheduler_type": "constant",
        "train.gradient_checkpointing": "false",
        "train.output_dir": str(run),
        "data.train": str(data),
        "data.eval_fraction": "0",
    }
    flags.update(extra)
    return load_config(flags=flags)


def two_records(tmp_path: Path, vision: bool) -> Path:
    lines = (
        ROOT / "data" / "samples" / ("train.jsonl" if vision else "text-train.jsonl")
    ).read_text()
    records = [json.loads(line) for line in lines.splitlines()[:2]]
    if vision:
        for r in records:
            r["image"] = str(ROOT / "data" / "samples" / r["image"])
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_tiny_vision_model_learns_repeated_batch(tiny_vision, tmp_path):
    config = tiny_config(
        tiny_vision,
        tmp_path / "run",
        two_records(tmp_path, True),
        **{"model.max_seq_length": "2048", "train.max_steps": "12"},
    )
    summary = train(config, CPU, tmp_path / "run", say=quiet)
    rows = [
        json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
    ]
    losses = [r["loss"] for r in rows if "loss" in r]
    assert summary.steps == 12
    assert all(b < a for a, b in itertools.pairwise(losses)), losses  # every step
    assert losses[-1] < losses[0] - 0.5, losses
    adapter = json.loads((tmp_path / "run" / "adapter" / "adapter_config.json").read_text())
    assert "language_model" in adapter["target_modules"] and adapter["use_dora"]

    # `ghost infer` with this run gives the vision model the screenshot itself, not OCR text.
    engine = TransformersEngine()
    shot = ROOT / "data" / "samples" / "images" / "s8-00003.png"
    result = infer(shot, engine, str(tmp_path / "run"), retries=0, max_tokens=4)
    assert result.layout == "" and any("no OCR" in note for note in result.notes)
    _, processor = engine._loaded[engine.load(str(tmp_path / "run"))]
    inputs = engine._vision_inputs(processor, vision_messages(str(shot)))
    assert (inputs["input_ids"] == 262144).sum() == 4  # the tiny model's 4 image soft tokens
    assert inputs["pixel_values"].shape[0] == 1


def test_injected_oom_steps_down_ladder_and_continues(tiny_text, tmp_path, monkeypatch):
    """Four OOMs walk four rungs: the two that keep the recipe (gradient checkpointing, the
    batch split into accumulation steps: the optimiser state carries on), then seq and rank."""
    data = two_records(tmp_path, False)
    original = TrinityLoop.train_step
    fired: list[int] = []
    kept_optimizer: list[bool] = []

    def flaky(self, group):
        if self.step in (2, 3, 4, 5) and self.step not in fired:
            fired.append(self.step)
            raise torch.OutOfMemoryError("CUDA out of memory (injected)")
        return original(self, group)

    real_restore = TrinityLoop._restore

    def restore(self, state):
        kept_optimizer.append("optimizer" in state)
        real_restore(self, state)

    monkeypatch.setattr(TrinityLoop, "train_step", flaky)
    monkeypatch.setattr(TrinityLoop, "_restore", restore)
    said: list[str] = []
    run = tmp_path / "run"
    summary = train(tiny_config(tiny_text, run, data), CPU, run, say=said.append)
    assert summary.steps == 6
    rungs = ["gradient checkpointing on", "batch 2 x 1 -> 1 x 2", "seq 4096 -> 2048", "r 64 -> 32"]
    assert summary.ladder == rungs
    assert json.loads((run / "ladder.json").read_text()) == summary.ladder
    assert all(f"OOM ladder: {rung}" in said for rung in rungs)
    assert any(m.startswith("continuing from checkpoint-2") for m in said)
    # resumed from checkpoint-2, -2, -4, -4: the optimiser goes on after the first two rungs
    assert kept_optimizer == [True, True, True, False]
    saved = tomllib.loads((run / "config.toml").read_text())
    assert saved["model"]["max_seq_length"] == 2048 and saved["adapter"]["r"] == 32
    assert saved["train"]["gradient_checkpointing"] is True
    assert (saved["train"]["per_device_train_batch_size"],
            saved["train"]["gradient_accumulation_steps"]) == (1, 2)  # fmt: skip
    adapter = json.loads((run / "adapter" / "adapter_config.json").read_text())
    assert adapter["r"] == 32


def test_a_non_finite_step_is_skipped_and_the_run_goes_on(tiny_text, tmp_path, on_loop):
    """One overflowing batch must not poison every weight with NaN (seen on a bf16 GPU run)."""
    poisoned_at = {2}

    def poison(loop: TrinityLoop) -> None:
        def nan_logits(module, inputs, output):
            return output * float("nan") if loop.step in poisoned_at else output

        loop.model.get_output_embeddings().register_forward_hook(nan_logits)

    run = tmp_path / "run"
    with on_loop(poison):
        summary = train(tiny_config(tiny_text, run, two_records(tmp_path, False)), CPU, run,
                        say=quiet)  # fmt: skip
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    losses = [r["loss"] for r in rows if "loss" in r]
    assert [r["step"] for r in rows if r.get("skipped")] == [3]
    assert all(math.isfinite(x) for i, x in enumerate(losses) if i != 2)
    assert summary.steps == 6 and math.isfinite(summary.final_loss)


def test_reduce_rank_is_exact_for_low_rank_updates():
    from ghost_architect.training.ladder import reduce_rank

    g = torch.Generator().manual_seed(0)
    b = torch.randn(48, 64, generator=g) @ torch.diag(torch.tensor([1.0] * 20 + [0.0] * 44))
    a = torch.randn(64, 40, generator=g)
    a2, b2 = reduce_rank(a, b, 32, factor=2.0)
    assert a2.shape == (32, 40) and b2.shape == (48, 32)
    assert torch.allclose(b2 @ a2, 2.0 * (b @ a), atol=1e-4)


def test_planner_steps_down_before_training_on_a_small_gpu_profile():
    from ghost_architect.training.planning import plan_before_training

    t4 = next(p for p in PROFILES if p.name == "t4-16gb")
    config = load_config("t4-12b", t4)
    fitted, taken = plan_before_training(config, t4, "hf", vision=False)
    assert taken[0].startswith("seq 4096 -> 2048 (planner:")
    assert fitted.model.max_seq_length == 2048
    assert fitted.sources["model.max_seq_length"] == "planner (t4-16gb)"
    same, none = plan_before_training(load_config("t4-12b", t4), t4, "unsloth", vision=False)
    assert none == [] and same.model.max_seq_length == 4096  # Unsloth fits as asked
    _, cpu_steps = plan_before_training(load_config("cpu-270m", CPU), CPU, "hf", False)
    assert cpu_steps == []


@pytest.mark.slow
def test_qlora_nf4_dora_trains_on_cpu(tmp_path):
    """bitsandbytes NF4 + DoRA on CPU: the AVX512-BF16 repack is disabled, so loss falls."""
    run = tmp_path / "nf4"
    config = small_config(run, **{"model.load_in_4bit": True, "model.dtype": "bf16",
                                  "train.max_steps": 5, "train.save_steps": 5})  # fmt: skip
    said: list[str] = []
    summary = train(config, CPU, run, say=said.append)
    assert any("4-bit NF4 on CPU: AVX512-BF16 repack disabled" in m for m in said)
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    losses = [r["loss"] for r in rows if "loss" in r]
    assert summary.steps == 5 and all(loss < 5 for loss in losses), losses
    assert losses[-1] < losses[0], losses


def test_a_held_out_eval_file_replaces_the_random_split(tiny_text, tmp_path):
    """data.eval: screens whose schemas training never saw; the random split is not taken."""
    lines = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()
    held_out = tmp_path / "held-out.jsonl"
    held_out.write_text("\n".join(lines[5:8]) + "\n")
    data = tmp_path / "five.jsonl"
    data.write_text("\n".join(lines[:5]) + "\n")
    split = train(tiny_config(tiny_text, tmp_path / "split", data, **{"data.eval_fraction": "0.5"}),
                  CPU, tmp_path / "split", say=quiet)  # fmt: skip
    assert (split.train_examples, split.eval_examples) == (3, 2)
    run = tmp_path / "run"
    config = tiny_config(tiny_text, run, data, **{"data.eval_fraction": "0.5",
                                                  "data.eval": str(held_out)})  # fmt: skip
    summary = train(config, CPU, run, say=quiet)
    assert (summary.train_examples, summary.eval_examples) == (5, 3)
    assert summary.eval_loss is not None and math.isfinite(summary.eval_loss)
    assert json.loads((run / "run.json").read_text())["eval_examples"] == 3
    assert f'eval = "{held_out}"' in (run / "config.toml").read_text()


def test_keep_best_keeps_the_adapter_of_the_lowest_eval_loss(tiny_text, tmp_path):
    """train.keep_best: RUN/best-adapter is written at the eval with the lowest loss and run.json
    names its step; the final adapter stays in RUN/adapter."""
    from safetensors.torch import load_file

    lines = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()
    held_out = tmp_path / "held-out.jsonl"
    held_out.write_text("\n".join(lines[5:8]) + "\n")
    data = tmp_path / "five.jsonl"
    data.write_text("\n".join(lines[:5]) + "\n")
    run = tmp_path / "run"
    config = tiny_config(tiny_text, run, data, **{"data.eval": str(held_out),
                                                  "train.eval_steps": "1",
                                                  "train.keep_best": "true",
                                                  "train.learning_rate": "5e-2"})  # fmt: skip
    summary = train(config, CPU, run, say=quiet)
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    evals = [(r["eval_loss"], r["step"]) for r in rows if r.get("eval_loss") is not None]
    assert len(evals) == 6
    best_loss, best_step = min(evals)
    saved = json.loads((run / "run.json").read_text())["best"]
    assert saved["step"] == summary.best["step"] == best_step
    assert saved["eval_loss"] == best_loss
    best = load_file(str(run / "best-adapter" / "adapter_model.safetensors"))
    final = load_file(str(run / "adapter" / "adapter_model.safetensors"))
    same = all(torch.equal(best[k], final[k]) for k in final)
    assert same == (best_step == 6)
    assert (run / "best-adapter" / "trinity_config.toml").is_file()


def test_snapshot_steps_keep_the_adapter_every_n_steps(tiny_text, tmp_path):
    """train.snapshot_steps: RUN/snapshots/step-N holds the adapter of step N, loadable like the
    final one; the last snapshot is the final adapter, earlier ones differ from it."""
    from safetensors.torch import load_file

    lines = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()
    data = tmp_path / "six.jsonl"
    data.write_text("\n".join(lines[:6]) + "\n")
    run = tmp_path / "run"
    config = tiny_config(tiny_text, run, data, **{"train.snapshot_steps": "2",
                                                  "data.eval_fraction": "0",
                                                  "train.learning_rate": "5e-2"})  # fmt: skip
    summary = train(config, CPU, run, say=quiet)
    assert summary.steps == 6
    snapshots = sorted(p.name for p in (run / "snapshots").iterdir())
    assert snapshots == ["step-2", "step-4", "step-6"]
    final = load_file(str(run / "adapter" / "adapter_model.safetensors"))
    for name in snapshots:
        assert (run / "snapshots" / name / "adapter_config.json").is_file()
        weights = load_file(str(run / "snapshots" / name / "adapter_model.safetensors"))
        assert weights.keys() == final.keys()
        same = all(torch.equal(weights[k], final[k]) for k in final)
        assert same == (name == "step-6")


def lora_state(model) -> dict[str, torch.Tensor]:
    from peft import get_peft_model_state_dict

    return {k: v.detach().clone() for k, v in get_peft_model_state_dict(model).items()}


def test_start_from_a_run_begins_with_its_adapter(tiny_text, tmp_path, on_loop):
    """adapter.start_from: the new run's first step starts from the named run's final adapter
    (not fresh LoRA weights), and the new run's config records where it started."""
    from safetensors.torch import load_file

    data = two_records(tmp_path, False)
    first = tmp_path / "first"
    train(tiny_config(tiny_text, first, data, **{"train.max_steps": "2"}), CPU, first, say=quiet)
    saved = load_file(str(first / "adapter" / "adapter_model.safetensors"))
    assert any(k.endswith("lora_B.weight") and v.abs().max() > 0 for k, v in saved.items())

    seen: list[dict[str, torch.Tensor]] = []
    said: list[str] = []
    second = tmp_path / "second"
    config = tiny_config(tiny_text, second, data, **{"train.max_steps": "1",
                                                     "adapter.start_from": str(first)})  # fmt: skip
    with on_loop(lambda loop: seen.append(lora_state(loop.model))):
        train(config, CPU, second, say=said.append)
    (start,) = seen
    assert start.keys() == saved.keys()
    assert all(torch.equal(start[k], saved[k]) for k in saved)
    assert any(m.startswith(f"started from the adapter in {first / 'adapter'}") for m in said)
    assert f'start_from = "{first}"' in (second / "config.toml").read_text()


def test_start_from_refuses_an_adapter_of_another_shape(tiny_text, tmp_path):
    from ghost_architect.errors import UsageError

    data = two_records(tmp_path, False)
    first = tmp_path / "first"
    train(tiny_config(tiny_text, first, data, **{"train.max_steps": "1"}), CPU, first, say=quiet)
    second = tmp_path / "second"
    config = tiny_config(tiny_text, second, data, **{"adapter.r": "8",
                                                     "adapter.start_from": str(first)})  # fmt: skip
    with pytest.raises(UsageError) as caught:
        train(config, CPU, second, say=quiet)
    assert caught.value.message == (
        f"adapter.start_from: {first / 'adapter'} has r = 64, this run has adapter.r = 8"
    )
    assert not (second / "metrics.jsonl").exists()  # refused before anything trained
    config = tiny_config(tiny_text, second, data, **{"adapter.start_from": str(tmp_path)})
    with pytest.raises(UsageError, match=r"holds no adapter_model\.safetensors"):
        train(config, CPU, second, say=quiet, force=True)


def test_start_from_projects_onto_a_shape_the_ladder_shrank(tiny_text, tmp_path):
    """After the OOM ladder halves r before the first checkpoint, the start adapter is reduced to
    the new rank (its update kept as closely as rank 32 can) instead of refused."""
    from ghost_architect.training.backends import load_model
    from ghost_architect.training.start import load_start_weights

    data = two_records(tmp_path, False)
    first = tmp_path / "first"
    train(tiny_config(tiny_text, first, data, **{"train.max_steps": "2"}), CPU, first, say=quiet)
    config = tiny_config(tiny_text, tmp_path / "second", data,
                         **{"adapter.r": "32", "adapter.start_from": str(first)})  # fmt: skip
    loaded = load_model(config, CPU, vision=False)
    note = load_start_weights(loaded.model, config)
    assert note.startswith(f"started from the adapter in {first / 'adapter'}")
    state = lora_state(loaded.model)
    a = next(k for k in state if k.endswith("lora_A.weight"))
    assert state[a].shape[0] == 32


def test_start_from_shipped_names_the_default_models_adapter():
    from ghost_architect.errors import UsageError
    from ghost_architect.models.shipped import shipped_run
    from ghost_architect.training.start import check_start

    config = load_config("gpu-270m-schema", flags={"adapter.start_from": "shipped"})
    assert check_start(config) == shipped_run() / "adapter"
    config = load_config(
        "gpu-270m-schema", flags={"adapter.start_from": "shipped", "adapter.use_dora": "false"}
    )
    with pytest.raises(UsageError, match=r"has use_dora = True, this run has adapter\.use_dora"):
        check_start(config)


def test_only_rank_0_checks_the_run_folder_it_alone_writes(tiny_text, tmp_path):
    """Another rank sees the folder while rank 0 writes its files (here: the marker's temporary
    file): it must not refuse the run as a foreign folder."""
    from ghost_architect.errors import UsageError
    from ghost_architect.training.distributed import World
    from ghost_architect.training.run import resolve

    run = tmp_path / "run"
    run.mkdir()
    (run / ".ghost-run.json.tmp-4242").write_text("{")
    config = tiny_config(tiny_text, run, two_records(tmp_path, False))
    setup = resolve(config, CPU, run, False, False, None, "auto", World(rank=1, size=2), quiet)
    assert setup.checkpoint is None
    with pytest.raises(UsageError, match="is not empty and is not a ghost run"):
        resolve(config, CPU, run, False, False, None, "auto", World(), quiet)  # rank 0 checks


def test_auto_backend_is_chosen_once_and_recorded(tiny_text, tmp_path):
    """'auto' is resolved with the config: every load and OOM retry takes the recorded backend
    and the run's config.toml says which one trained."""
    from ghost_architect.training.distributed import World
    from ghost_architect.training.run import resolve

    run = tmp_path / "run"
    config = tiny_config(tiny_text, run, two_records(tmp_path, False), **{"train.backend": "auto"})
    assert config.train.backend == "auto"
    setup = resolve(config, CPU, run, False, False, None, "auto", World(), quiet)
    assert setup.config.train.backend == "hf"  # unsloth trains on CUDA only
