"""The keras backend's side in the run's process: what it refuses, which interpreter trains, and
the child that does (training/keras_loop.py), whose events become metrics rows, progress and a
checkpoint on Ctrl-C.

keras-hub 0.32 pulls in tensorflow and tensorflow-text, so Keras lives in its own venv (`make
keras`, found through GHOST_KERAS_PYTHON) unless this interpreter has it; the child needs only
keras, keras-hub, JAX and safetensors, never torch.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ghost_architect import atomic
from ghost_architect.config import TrinityConfig
from ghost_architect.errors import EXIT_MISSING_EXTRA, GhostError
from ghost_architect.hardware import this_device
from ghost_architect.training.backends import OwnLoopJob

if TYPE_CHECKING:
    from ghost_architect.training.loop import LoopResult

PYTHON_ENV = "GHOST_KERAS_PYTHON"
INSTALL = (
    "run `make keras` and export GHOST_KERAS_PYTHON=$PWD/.venv-keras/bin/python, or pip install "
    "'ghost-architect[keras]' into this interpreter"
)
GPU_FIX = "for an NVIDIA GPU: make keras JAX_SPEC='jax[cuda12]==0.10.2'"
EVENT = "GHOST-KERAS "  # keras_loop.EVENT (that module runs in the keras interpreter)
LOG = "keras.log"  # the child's stderr (TensorFlow and JAX chatter), kept in the run folder
ROOT = Path(__file__).resolve().parents[2]  # holds this ghost_architect package


def keras_python() -> str | None:
    """$GHOST_KERAS_PYTHON when it names an interpreter, else this one if it has keras-hub and
    JAX, else None."""
    named = os.environ.get(PYTHON_ENV)
    if named:
        return named if Path(named).is_file() else None
    modules = ("keras", "keras_hub", "jax")
    return sys.executable if all(importlib.util.find_spec(m) for m in modules) else None


def refusals(config: TrinityConfig) -> list[str]:
    """The parts of ``config`` Keras cannot train, each with the reason."""
    a, t = config.adapter, config.train
    checks = [
        (config.model.load_in_4bit, "model.load_in_4bit = true (no QLoRA: Keras loads no NF4)"),
        (a.use_dora, "adapter.use_dora = true (keras-hub has no DoRA)"),
        (a.lora_dropout > 0, "adapter.lora_dropout > 0 (the LoRA is a weight delta)"),
        (t.optimizer not in ("adamw_torch", "adamw_torch_fused"),
         f"train.optimizer = {t.optimizer} (Keras's AdamW only: adamw_torch)"),
        (bool(a.start_from), "adapter.start_from (not in the keras backend yet)"),
        (t.keep_best, "train.keep_best (not in the keras backend yet)"),
        (t.snapshot_steps > 0, "train.snapshot_steps (not in the keras backend yet)"),
        (t.sample_steps > 0, "train.sample_steps (not in the keras backend yet)"),
    ]  # fmt: skip
    return [why for refused, why in checks if refused]


def check(config: TrinityConfig, dtype: str) -> None:
    refused = refusals(config)
    if dtype == "fp16":
        refused.append("fp16 compute (no loss scaling here: bf16 or fp32, model.dtype)")
    if refused:
        raise GhostError(
            f"the keras backend cannot train this config: {'; '.join(refused)}",
            "use the rtx3060-keras-1b preset, or --set those values (e.g. "
            "model.load_in_4bit=false adapter.use_dora=false train.optimizer=adamw_torch)",
        )


def write_job(job: OwnLoopJob, target: Path) -> None:
    config = job.config
    data = {
        "model": str(Path(job.model_path).resolve()),
        "dtype": job.dtype,
        "run_dir": str(job.run_dir.resolve()),
        "resume": str(job.resume.resolve()) if job.resume else None,
        "adapter": config.to_dict()["adapter"],
        "train": config.to_dict()["train"],
        "examples": {
            "train": [[f.input_ids, f.labels] for f in job.train],
            "eval": [[f.input_ids, f.labels] for f in job.evaluation],
        },
    }
    atomic.write_text(target, json.dumps(data))


def events(child: subprocess.Popen) -> Iterator[dict]:
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith(EVENT):
            yield json.loads(line[len(EVENT) :])


def train_own(job: OwnLoopJob) -> LoopResult:
    """Train in the keras interpreter; Ctrl-C (which reaches the child too) saves a checkpoint
    there and raises Interrupted here, as the torch loop does."""
    check(job.config, job.dtype)
    python = keras_python()
    if python is None:
        raise GhostError("the keras backend needs keras, keras-hub and JAX", INSTALL,
                         EXIT_MISSING_EXTRA)  # fmt: skip
    job.say(f"keras backend: {job.dtype} in {python}")
    job_file = job.run_dir.resolve() / ".keras-job.json"
    write_job(job, job_file)
    env = {**os.environ, "KERAS_BACKEND": "jax", "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [python, "-m", "ghost_architect.training.keras_loop", str(job_file)]
    with (job.run_dir / LOG).open("w") as log:  # from ROOT, -m finds this ghost_architect first
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=env,
                                 cwd=ROOT)  # fmt: skip
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the child saves, then stops
    try:
        outcome = relay(child, job)
        child.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
        job_file.unlink(missing_ok=True)
        if child.poll() is None:  # this side failed: the child must not go on unwatched
            child.kill()
            child.wait()
    return finish(outcome, child.returncode, job.run_dir / LOG)


def relay(child: subprocess.Popen, job: OwnLoopJob) -> dict:
    """Metrics rows and progress from the child's events; its last event."""
    last: dict = {}
    for event in events(child):
        kind = event["event"]
        if kind == "loaded":
            device = event["platform"]  # JAX's device type: cpu, gpu, tpu
            job.say(f"keras-hub Gemma 3 loaded on JAX's {device}, LoRA on {event['sites']} kernels")
            if device == "cpu" and this_device()[1].accelerator:
                job.say(f"JAX sees no accelerator here, training on the CPU ({GPU_FIX})")
        if kind == "step":
            if event["log"]:
                job.log(event["row"])
            if job.progress:
                job.progress(event["row"], event["total"])
        if kind == "eval":
            job.log(event["row"])
        last = event
    return last


def finish(outcome: dict, code: int, log: Path) -> LoopResult:
    from ghost_architect.training.loop import Interrupted, LoopResult

    kind = outcome.get("event")
    if kind == "interrupted":
        raise Interrupted(outcome["step"])
    if kind == "error":
        raise GhostError(f"keras backend: {outcome['message']}", f"see {log}")
    if kind != "done" or code != 0:
        tail = log.read_text().strip().splitlines()[-1:] if log.exists() else []
        raise GhostError(f"keras backend stopped (exit {code}): {' '.join(tail)}", f"see {log}")
    r = outcome["result"]
    final = r["losses"][-1] if r["losses"] else None
    return LoopResult(r["steps"], final, r["eval_loss"], r["seconds"], r["train_seconds"],
                      r["tokens"], r["peak_memory_gib"], r["losses"],
                      start_step=r["start_step"])  # fmt: skip
