"""Several training processes on CPU (gloo): `ghost train --gpus 2` on a machine without a GPU
starts two CPU processes under torchrun. Two ranks must train exactly what one process trains
with the same global batch, rank 0 alone writes, and resume restores every rank."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
import torch
from conftest import ROOT, run_ghost

from ghost_architect.models.random_init import make_random_gemma3
from ghost_architect.training import backends, launch
from ghost_architect.training.distributed import (
    World,
    env_world,
    local_accumulation,
    pin_local_gpu,
    shard,
)
from ghost_architect.training.rundir import load_run_config

TOLERANCE = 1e-4
RESUME_TOLERANCE = 2e-6  # resumed vs uninterrupted, same processes: seen 0 (losses logged to 1e-6)
SPY = """
import os
if os.environ.get("GHOST_WRITES_LOG"):
    from ghost_architect import atomic

    log = open(os.environ["GHOST_WRITES_LOG"] + "." + os.environ.get("RANK", "launcher"), "a")
    for name in ("write_text", "write_bytes", "write_json", "staged_dir"):
        def spy(path, *args, _original=getattr(atomic, name), **kwargs):
            log.write(f"{path}\\n")
            log.flush()
            return _original(path, *args, **kwargs)
        setattr(atomic, name, spy)
"""


def test_torchrun_argv_for_one_machine_and_for_several():
    args = ["train", "--gpus", "2", "--output", "run"]
    assert launch.torchrun_argv(2, args) == [
        "--standalone", "--nnodes=1", "--nproc-per-node=2", "-m", "ghost_architect.cli", *args,
    ]  # fmt: skip
    assert launch.torchrun_argv(4, ["train"], 2, 1, "10.0.0.1:29500")[:4] == [
        "--nnodes=2", "--node-rank=1", "--rdzv-endpoint=10.0.0.1:29500", "--nproc-per-node=4",
    ]  # fmt: skip
    with pytest.raises(Exception, match="needs --rdzv-endpoint"):
        launch.torchrun_argv(1, ["train"], nnodes=2)


def test_gpu_count_all_and_limits():
    assert launch.process_count("all", 8) == 8
    assert launch.process_count("2", 0) == 2  # no GPU: two CPU processes
    with pytest.raises(Exception, match="no GPU is visible"):
        launch.process_count("all", 0)
    with pytest.raises(Exception, match="only 2 GPUs"):
        launch.process_count("4", 2)


def test_global_batch_is_split_over_ranks_or_said():
    assert local_accumulation(2, 4, 2) == (2, None)
    steps, note = local_accumulation(1, 3, 2)
    assert steps == 2 and note.startswith("global batch 4 instead of the config's 3")
    group = list(range(8))
    halves = [shard(group, World(rank, 2)) for rank in (0, 1)]
    assert halves[0] + halves[1] == group


def test_world_from_torchrun_env_and_gpu_pinning():
    env = {"RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1"}
    assert env_world(env) == World(3, 4, 1) and not env_world(env).main
    assert env_world({}) == World()
    pin_local_gpu(env)
    assert env["CUDA_VISIBLE_DEVICES"] == "1"
    narrowed = {**env, "CUDA_VISIBLE_DEVICES": "4,5"}
    pin_local_gpu(narrowed)
    assert narrowed["CUDA_VISIBLE_DEVICES"] == "5"


def test_a_one_process_backend_gives_way_with_one_line(monkeypatch):
    class OneGpu:
        name, description, device_kinds, preference = "fast", "test", (), 10
        memory_coefficients, distributed = None, False

        def available(self):
            return True, ""

    hf = backends.named("backends")["hf"]
    monkeypatch.setattr(backends, "named", lambda group: {"fast": OneGpu(), "hf": hf})
    from ghost_architect.builtin.hardware import PROFILES

    cpu = next(p for p in PROFILES if p.name == "cpu")
    assert backends.distributed_backend("auto", cpu, 1) == ("fast", "")
    name, note = backends.distributed_backend("fast", cpu, 2)
    assert name == "hf"
    assert note == "the fast backend trains on one GPU only: using the hf backend for 2 processes"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A tiny random Gemma 3, eight text records, and a sitecustomize that logs each rank's
    writes (it loads into every process started with it on PYTHONPATH)."""
    folder = tmp_path_factory.mktemp("dist")
    lines = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()[:8]
    data = folder / "eight.jsonl"
    data.write_text("".join(line + "\n" for line in lines))
    spy = folder / "spy"
    spy.mkdir()
    (spy / "sitecustomize.py").write_text(textwrap.dedent(SPY))
    return make_random_gemma3("tiny", folder / "model"), data, spy


def settings(model: Path, data: Path, steps: int) -> list[str]:
    flags = {
        "model.name": str(model),
        "model.load_in_4bit": "false",
        "model.dtype": "fp32",
        "model.max_seq_length": "1024",
        "adapter.r": "8",
        "train.backend": "hf",
        "train.optimizer": "adamw_torch",
        "train.per_device_train_batch_size": "1",
        "train.gradient_accumulation_steps": "4",
        "train.max_steps": str(steps),
        "train.save_steps": "2",
        "train.learning_rate": "1e-3",
        "train.warmup_steps": "0",
        "train.lr_scheduler_type": "constant",  # a resumed run may change max_steps
        "train.gradient_checkpointing": "false",
        "data.train": str(data),
        "data.eval_fraction": "0",
    }
    return [part for key, value in flags.items() for part in ("--set", f"{key}={value}")]


def ghost_train(run: Path, *extra: str, spy: Path | None = None, log: Path | None = None):
    env = {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE", "CUDA_VISIBLE_DEVICES": ""}
    if log is not None:
        env["GHOST_WRITES_LOG"] = str(log)
    result = run_ghost("train", "--output", str(run), *extra, pythonpath=spy, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def losses(run: Path) -> list[float]:
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    return [r["loss"] for r in rows if "loss" in r]


def adapter(run: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return load_file(str(run / "adapter" / "adapter_model.safetensors"))


def largest_difference(a: Path, b: Path) -> float:
    """The largest difference of the two runs' per-step losses and adapter tensors."""
    la, lb = losses(a), losses(b)
    assert len(la) == len(lb), (la, lb)
    wa, wb = adapter(a), adapter(b)
    assert wa.keys() == wb.keys()
    loss_gap = max(abs(x - y) for x, y in zip(la, lb, strict=True))
    return max(loss_gap, *(float((wa[k] - wb[k]).abs().max()) for k in wa))


@pytest.fixture(scope="module")
def one_process(tiny, tmp_path_factory) -> Path:
    model, data, _ = tiny
    run = tmp_path_factory.mktemp("one") / "run"
    ghost_train(run, *settings(model, data, 4))
    return run


@pytest.mark.slow
def test_two_ranks_train_what_one_process_trains_and_rank_0_alone_writes(
    tiny, one_process, tmp_path
):
    model, data, spy = tiny
    run, log = tmp_path / "two", tmp_path / "writes"
    result = ghost_train(run, "--gpus", "2", *settings(model, data, 4), spy=spy, log=log)
    assert "no GPU here: 2 CPU processes (gloo)" in result.stderr
    assert "2 processes, strategy ddp" in result.stdout + result.stderr
    gap = largest_difference(one_process, run)
    print(f"largest difference, 1 vs 2 processes: {gap:.2e}")
    assert gap < TOLERANCE
    summary = json.loads((run / "run.json").read_text())
    assert summary["processes"] == 2 and summary["strategy"] == "ddp" and summary["steps"] == 4
    written = {rank: Path(f"{log}.{rank}") for rank in ("0", "1")}
    assert not written["1"].exists() or written["1"].read_text() == ""
    paths = written["0"].read_text()
    for name in ("metrics.jsonl", "run.json", "config.toml", "checkpoint-2", "adapter"):
        assert name in paths


@pytest.mark.slow
def test_two_ranks_resume_where_they_stopped(tiny, one_process, tmp_path):
    model, data, _ = tiny
    run = tmp_path / "split"
    ghost_train(run, "--gpus", "2", *settings(model, data, 2))
    again = ghost_train(run, "--gpus", "2", "--resume", "--max-steps", "4")
    assert "resuming from checkpoint-2" in again.stdout + again.stderr
    assert json.loads((run / "run.json").read_text())["steps"] == 4
    assert largest_difference(one_process, run) < TOLERANCE


def node_command(run: Path, rank: int, port: int, flags: list[str]) -> list[str]:
    """`ghost train` as node ``rank`` of a two-machine run with one process on each."""
    import sys

    return [sys.executable, "-m", "ghost_architect.cli", "train", "--output", str(run),
            "--gpus", "1", "--nnodes", "2", "--node-rank", str(rank),
            "--rdzv-endpoint", f"127.0.0.1:{port}", *flags]  # fmt: skip


@pytest.mark.slow
def test_two_machines_of_one_process_each(tiny, one_process, tmp_path):
    """The docs' two-node example, as two local processes: --nnodes 2 --node-rank 0/1, each
    machine with its own --output folder (its own disk, as two machines have)."""
    import socket
    import subprocess

    model, data, _ = tiny
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    runs = [tmp_path / f"node{rank}" for rank in (0, 1)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": "", "COLUMNS": "200"}
    nodes = [
        subprocess.Popen(node_command(runs[rank], rank, port, settings(model, data, 4)), cwd=ROOT,
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for rank in (0, 1)
    ]  # fmt: skip
    outputs = [node.communicate() for node in nodes]  # no wall-clock limit
    assert [node.returncode for node in nodes] == [0, 0], [err[-2000:] for _, err in outputs]
    assert largest_difference(one_process, runs[0]) < TOLERANCE
    assert not (runs[1] / "adapter").exists()  # rank 0 alone writes


@pytest.fixture(scope="module")
def fsdp_run(tiny, tmp_path_factory):
    """Four steps over two FSDP shards, uninterrupted: the run and what the command printed."""
    model, data, _ = tiny
    run = tmp_path_factory.mktemp("fsdp") / "run"
    result = ghost_train(run, "--gpus", "2", "--strategy", "fsdp", *settings(model, data, 4))
    return run, result


@pytest.mark.slow
def test_fsdp_shards_train_what_one_process_trains(fsdp_run, one_process):
    run, result = fsdp_run
    assert "2 processes, strategy fsdp" in result.stdout + result.stderr
    assert json.loads((run / "run.json").read_text())["strategy"] == "fsdp"
    saved = load_run_config(run)  # what FSDP loads the model with is part of the run's config
    assert saved.model.quant_storage == "fp32"
    gap = largest_difference(one_process, run)
    print(f"largest difference, 1 process vs 2 FSDP shards: {gap:.2e}")
    assert gap < TOLERANCE


@pytest.mark.slow
def test_fsdp_resume_where_it_stopped(tiny, one_process, fsdp_run, tmp_path):
    """Stopped at checkpoint-2 and resumed, FSDP trains what it trains uninterrupted: the
    optimiser's moments come back whole (on the CPU, FSDP's offloaded optimiser state was views
    into one buffer that exp_avg_sq overwrote, so exp_avg was saved as exp_avg_sq)."""
    model, data, _ = tiny
    run = tmp_path / "fsdp"
    ghost_train(run, "--gpus", "2", "--strategy", "fsdp", *settings(model, data, 2))
    ghost_train(run, "--gpus", "2", "--strategy", "fsdp", "--resume", "--max-steps", "4")
    gap = largest_difference(fsdp_run[0], run)
    print(f"largest difference, FSDP uninterrupted vs resumed: {gap:.2e}")
    assert gap < RESUME_TOLERANCE
    assert largest_difference(one_process, run) < TOLERANCE


def test_fsdp_loads_4bit_weights_packed_in_fp32_and_one_process_in_uint8(tiny):
    """FSDP shards tensors of one dtype per unit: under fsdp the backend is asked (through the
    config, not a patched transformers) to pack 4-bit weights in fp32 containers."""
    from ghost_architect.builtin.backends import load_hf
    from ghost_architect.config import load_config
    from ghost_architect.training.parallel import load_settings
    from ghost_architect.training.planning import revised

    model, _, _ = tiny
    base = load_config(flags={"model.name": str(model), "model.load_in_4bit": "true"})
    for strategy, storage in (("ddp", torch.uint8), ("fsdp", torch.float32)):
        config = revised(base, load_settings(strategy), strategy)
        loaded = load_hf(config, "fp32", "cpu", vision=False)
        packed = {p.dtype for n, p in loaded.model.named_parameters() if "q_proj.base_layer" in n}
        assert packed == {storage}, strategy
