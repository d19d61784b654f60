"""A run whose backend trains in its own loop (``Backend.train_own``): the run encodes the data
with the model's Hugging Face tokenizer as for the torch loop, hands the examples over, and
completes the run folder the same way (metrics.jsonl, loss.png, adapter/ with the tokenizer and
trinity_config.toml, run.json)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError
from ghost_architect.hardware import this_device
from ghost_architect.models import offline, paths
from ghost_architect.models.paths import resolve_model_path
from ghost_architect.training import checkpoint as ckpt
from ghost_architect.training.backends import Backend, OwnLoopJob, own_loop
from ghost_architect.training.examples import RunData, encode_data
from ghost_architect.training.metrics import MetricsLog, plot_losses
from ghost_architect.training.rundir import add_run_files
from ghost_architect.training.summary import RunSummary, summarise


def train_own(backend: Backend, config, data: RunData, checkpoint: Path | None, run_dir: Path,
              say: Callable[[str], None], progress, dtype: str, profile: str,
              ladder: list[str]) -> RunSummary:  # fmt: skip
    """Train with ``backend``'s own loop and write the run's records."""
    trains = own_loop(backend)
    assert trains is not None
    if data.vision:
        raise GhostError(
            f"the {backend.name} backend trains text examples only",
            "train image examples with --backend hf",
        )
    path = resolve_model_path(config.model.name)
    tokenizer = offline.load_tokenizer(path)
    encoded = encode_data(data, tokenizer, config)
    if encoded.truncated:
        say(f"{encoded.truncated} examples truncated to max_seq_length "
            f"{config.model.max_seq_length}")  # fmt: skip
    metrics = MetricsLog(run_dir / "metrics.jsonl")
    if checkpoint is not None:
        metrics.load_until(ckpt.load_state(checkpoint)["step"])
    job = OwnLoopJob(config, path, dtype, encoded.train, encoded.evaluation, run_dir, checkpoint,
                     say, metrics.add, progress)  # fmt: skip
    try:
        result = trains(job)
    finally:
        plot_losses(metrics, run_dir / "loss.png", f"{config.model.name} — loss")
    adapter = paths.adapter_dir(run_dir)
    add_run_files(adapter, tokenizer, run_dir)  # the child wrote the weights
    summary = summarise(
        result,
        metrics.losses("train"),
        run_dir=str(run_dir),
        backend=backend.name,
        device=this_device()[1].torch_device,
        dtype=dtype,
        ladder=ladder,
        adapter=str(adapter),
        train_examples=len(encoded.train),
        eval_examples=len(encoded.evaluation),
        profile=profile,
    )
    atomic.write_json(run_dir / "run.json", asdict(summary))
    return summary
