"""The training loop shared by both backends.

A lean loop rather than TRL's SFTTrainer, because the run must: resume bit-exactly (data position,
optimiser, scheduler and RNG in one atomic checkpoint of safetensors + JSON, never a pickle), save
a checkpoint on Ctrl-C, step down the OOM ladder in the middle of a run, compute eval loss without
keeping logits, and show one rich progress line for either backend. The loss is the model's own
(Unsloth's fused cross-entropy on its backend), normalised over the trained tokens of a whole
gradient-accumulation group.
"""

from __future__ import annotations

import math
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ghost_architect.config import TrinityConfig
from ghost_architect.errors import GhostError, UnreadableInput
from ghost_architect.models import paths
from ghost_architect.training import accelerator
from ghost_architect.training import checkpoint as ckpt
from ghost_architect.training.data_order import take
from ghost_architect.training.distributed import local_accumulation, shard
from ghost_architect.training.features import Features
from ghost_architect.training.loss import assistant_loss
from ghost_architect.training.metrics import MetricsLog, plot_losses
from ghost_architect.training.parallel import Solo

MAX_BAD_STEPS = 10  # non-finite steps in a row before the run stops with an error


class Interrupted(Exception):
    """Ctrl-C during training: a checkpoint was saved at ``step``."""

    def __init__(self, step: int) -> None:
        super().__init__(f"interrupted at step {step}")
        self.step = step


@dataclass
class LoopResult:
    steps: int
    final_loss: float | None
    eval_loss: float | None
    seconds: float  # wall time of the whole loop (eval, samples and checkpoints included)
    train_seconds: float  # optimiser steps only
    tokens: int
    peak_memory_gib: float
    losses: list[float] = field(default_factory=list)
    best: dict[str, Any] | None = None  # {"step", "eval_loss"} of RUN/best-adapter (keep_best)
    start_step: int = 0  # where this loop began: a resumed run times the steps after it only


def build_optimizer(name: str, params: list[torch.nn.Parameter], lr: float, weight_decay: float):
    if name in ("adamw_8bit", "paged_adamw_8bit"):
        import bitsandbytes as bnb

        cls = bnb.optim.PagedAdamW8bit if name.startswith("paged") else bnb.optim.AdamW8bit
        return cls(params, lr=lr, weight_decay=weight_decay)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=weight_decay)
    fused = name == "adamw_torch_fused" and torch.accelerator.is_available()
    return torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay, fused=fused)


class TrinityLoop:
    """One run's optimisation over pre-encoded features, in this process's share of the run: every
    rank walks the same global order and trains on its slice of each group (``parallel``)."""

    def __init__(
        self,
        model: Any,
        config: TrinityConfig,
        train: list[Features],
        evaluation: list[Features],
        collate: Callable[[list[Features]], dict[str, torch.Tensor]],
        run_dir: Path,
        device: str,
        write_adapter: Callable[[Path], None],
        progress: Any = None,
        sampler: Callable[[int], None] | None = None,
        parallel: Solo | None = None,
        own_loss: bool = False,
    ) -> None:
        self.parallel = parallel or Solo(model)
        self.own_loss = own_loss or not config.train.loss_chunk
        self.world = self.parallel.world
        self.model = model
        self.config = config
        self.train_set = train
        self.eval_set = evaluation
        self.collate = collate
        self.run_dir = run_dir
        self.device = device
        self.progress = progress
        self.sampler = sampler
        self.write_adapter = write_adapter
        self.best: dict[str, Any] | None = None
        t = config.train
        bs = t.per_device_train_batch_size
        accumulation = t.gradient_accumulation_steps
        steps, self.batch_note = local_accumulation(bs, accumulation, self.world.size)
        self.group = bs * steps * self.world.size  # the global batch of one optimiser step
        per_epoch = max(1, math.ceil(len(train) / self.group))
        self.total_steps = t.max_steps or max(1, math.ceil(per_epoch * t.num_train_epochs))
        params = self.parallel.params
        self.params = params
        self.optimizer = build_optimizer(t.optimizer, params, t.learning_rate, t.weight_decay)
        from transformers import get_scheduler

        self.scheduler = get_scheduler(
            t.lr_scheduler_type,
            self.optimizer,
            num_warmup_steps=min(t.warmup_steps, self.total_steps),
            num_training_steps=self.total_steps,
        )
        self.metrics = MetricsLog(run_dir / "metrics.jsonl")
        self.step = 0
        self.bad_steps = 0  # non-finite steps in a row
        self.skipped_steps = 0  # updates skipped because the loss or gradients were not finite
        self.cursor = 0  # examples consumed since the start (data order is a function of it)
        self.stop_requested = False

    # -- data order -------------------------------------------------------------------------------
    def next_group(self) -> list[Features]:
        picked = take(self.train_set, self.cursor, self.group, self.config.train.seed)
        self.cursor += self.group
        return picked

    # -- state ------------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "cursor": self.cursor,
            "best": self.best,
            "optimizer": self.parallel.optimizer_state(self.optimizer),
            "scheduler": self.scheduler.state_dict(),
        }

    def resume_from(self, checkpoint: Path) -> None:
        """Continue exactly where ``checkpoint`` stopped (its adapter weights are loaded before
        the model is spread over the ranks); a state that does not fit this run (edited, or from
        another model) is one clear error."""
        state = ckpt.load_state(checkpoint)
        try:
            self._restore(state)
        except (KeyError, TypeError, ValueError, IndexError, RuntimeError) as exc:
            raise UnreadableInput(
                f"{checkpoint}: its trainer state does not fit this run ({type(exc).__name__})",
                "remove this checkpoint to resume an older one, or start a new run",
            ) from None
        self.metrics.load_until(self.step)

    def _restore(self, state: dict[str, Any]) -> None:
        self.step, self.cursor = state["step"], state["cursor"]
        self.best = state.get("best")
        if "optimizer" in state:
            self.parallel.load_optimizer_state(self.optimizer, state["optimizer"])
            self.scheduler.load_state_dict(state["scheduler"])
        else:  # the adapter changed shape (OOM ladder): fresh optimiser, schedule where it was
            for _ in range(self.step):
                self.scheduler.step()
        ckpt.restore_rng(state["rng"])

    def keep_if_best(self, eval_loss: float | None) -> None:
        """With train.keep_best, write the adapter to RUN/best-adapter when this eval loss is
        the lowest so far (the run's last steps may overfit a small or repetitive set)."""
        if not self.config.train.keep_best:
            return
        if eval_loss is None or not math.isfinite(eval_loss):
            return
        if self.best is not None and eval_loss >= self.best["eval_loss"]:
            return
        self.best = {"step": self.step, "eval_loss": round(eval_loss, 6)}
        self.write_adapter(paths.best_adapter_dir(self.run_dir))

    def save(self) -> Path:
        """Checkpoint this step: every rank gathers its part, rank 0 alone writes."""
        adapter, state = self.parallel.adapter_state(), self.state()
        path = ckpt.checkpoint_path(self.run_dir, self.step)
        if self.world.main:
            ckpt.save_checkpoint(self.run_dir, self.step, self.model, state, adapter)
            plot_losses(self.metrics, self.run_dir / "loss.png", f"{self.config.model.name} — loss")
        self.world.barrier()
        return path

    def log(self, row: dict[str, Any]) -> None:
        """Keep a metrics row; rank 0 alone writes metrics.jsonl."""
        if self.world.main:
            self.metrics.add(row)
        else:
            self.metrics.rows.append(row)

    # -- steps ------------------------------------------------------------------------------------
    def to_device(self, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        dtype = next(p.dtype for p in self.params)
        out = {}
        for key, value in batch.items():
            value = value.to(self.device)
            out[key] = value.to(dtype) if key == "pixel_values" else value
        return out

    def agreed(self, work: Callable[[], Any]) -> Any:
        """``work()``, where an out-of-memory error on any rank raises on every rank (so all of
        them step down the OOM ladder together instead of waiting on each other)."""
        if self.world.size == 1:
            return work()
        try:
            result, failed = work(), False
        except torch.OutOfMemoryError:
            result, failed = None, True
        if self.world.any(failed):
            raise torch.OutOfMemoryError("out of memory on one of the training processes")
        return result

    def batch_loss(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Mean loss over the batch's labelled tokens: the logits of labelled positions only
        (training/loss.py), or the model's own loss where the backend fuses it."""
        if self.own_loss:
            return self.parallel.module(**batch).loss
        return assistant_loss(self.parallel.module, batch, self.config.train.loss_chunk)

    def train_step(self, group: list[Features]) -> tuple[float, int]:
        """One optimiser step over a global gradient-accumulation group, this rank's share of it
        here; returns (loss of the whole group, its tokens)."""
        self.model.train()
        bs = self.config.train.per_device_train_batch_size
        trained = sum(max(1, f.trained_tokens) for f in group)
        mine = shard(group, self.world)
        total_loss = 0.0
        for start in range(0, len(mine), bs):
            micro = mine[start : start + bs]
            batch = self.to_device(self.collate(micro))
            weight = sum(max(1, f.trained_tokens) for f in micro) / trained
            with self.parallel.accumulating(last=start + bs >= len(mine)):
                loss = self.agreed(lambda b=batch: self.batch_loss(b)) * weight
                # ranks' gradients are averaged: scale so they add up as on one process
                self.agreed(lambda x=loss: (x * self.world.size).backward())
            total_loss += float(loss.detach())
            del loss, batch
        total_loss = self.world.total(total_loss)
        norm = self.parallel.clip(self.config.train.max_grad_norm)
        if math.isfinite(total_loss) and bool(torch.isfinite(norm)):
            self.optimizer.step()
            self.bad_steps = 0
        else:  # one overflowing batch must not turn every weight into NaN: skip its update
            self.bad_steps += 1
            self.skipped_steps += 1
            if self.bad_steps >= MAX_BAD_STEPS:
                raise GhostError(
                    f"training diverged: loss or gradients not finite for {MAX_BAD_STEPS} steps "
                    f"in a row (step {self.step + 1})",
                    "lower train.learning_rate, or train in fp32 (--set model.dtype=fp32)",
                )
        self.scheduler.step()
        self.optimizer.zero_grad(set_to_none=True)
        return total_loss, sum(len(f.input_ids) for f in group)

    @torch.no_grad()
    def evaluate(self) -> float | None:
        """Token-weighted eval loss; each batch's logits are dropped as soon as its loss is read."""
        if not self.eval_set:
            return None
        self.model.eval()
        bs = self.config.train.per_device_train_batch_size
        loss_sum, tokens = 0.0, 0
        for start in range(0, len(self.eval_set), bs):
            micro = self.eval_set[start : start + bs]
            n = sum(f.trained_tokens for f in micro)
            loss_sum += float(self.batch_loss(self.to_device(self.collate(micro)))) * n
            tokens += n
        self.model.train()
        return loss_sum / max(1, tokens)

    # -- the run ----------------------------------------------------------------------------------
    def _on_sigint(self, signum, frame) -> None:
        if self.stop_requested:  # a second Ctrl-C: stop now
            signal.signal(signal.SIGINT, signal.default_int_handler)
            raise KeyboardInterrupt
        self.stop_requested = True

    def run(self) -> LoopResult:
        t = self.config.train
        previous = signal.signal(signal.SIGINT, self._on_sigint)
        started, start_step = time.perf_counter(), self.step
        tokens_done = 0
        train_seconds = 0.0
        losses: list[float] = []
        eval_loss = None
        accelerator.reset_peak_memory(self.device)
        try:
            while self.step < self.total_steps:
                step_start = time.perf_counter()
                loss, tokens = self.train_step(self.next_group())
                self.step += 1
                tokens_done += tokens
                losses.append(loss)
                seconds = time.perf_counter() - step_start
                train_seconds += seconds
                row = {
                    "step": self.step,
                    "loss": round(loss, 6),
                    "lr": self.scheduler.get_last_lr()[0],
                    "tokens": tokens,
                    "tokens_per_s": round(tokens / seconds, 1),
                    "step_s": round(seconds, 3),
                    "memory_gib": round(accelerator.peak_memory_gib(self.device), 3),
                }
                if not math.isfinite(loss):
                    row["skipped"] = True  # the update was not applied
                if t.eval_steps and self.step % t.eval_steps == 0:
                    eval_loss = self.evaluate()
                    row["eval_loss"] = round(eval_loss, 6) if eval_loss is not None else None
                    self.keep_if_best(eval_loss)
                if t.snapshot_steps and self.step % t.snapshot_steps == 0:
                    self.write_adapter(paths.snapshot_dir(self.run_dir, self.step))
                if self.step % t.logging_steps == 0 or "eval_loss" in row:
                    self.log(row)
                if self.progress:
                    self.progress(row, self.total_steps)
                if self.sampler and t.sample_steps and self.step % t.sample_steps == 0:
                    self.sampler(self.step)
                if self.world.any(self.stop_requested):
                    self.save()
                    raise Interrupted(self.step)
                if self.step % t.save_steps == 0 and self.step < self.total_steps:
                    self.save()
        finally:
            signal.signal(signal.SIGINT, previous)
        if not t.eval_steps or self.step % t.eval_steps:
            eval_loss = self.evaluate()
            if eval_loss is not None:
                self.log({"step": self.step, "eval_loss": round(eval_loss, 6)})
            self.keep_if_best(eval_loss)
        self.save()
        return LoopResult(
            steps=self.step,
            final_loss=losses[-1] if losses else None,
            eval_loss=eval_loss,
            seconds=time.perf_counter() - started,
            train_seconds=train_seconds,
            tokens=tokens_done,
            peak_memory_gib=self.world.most(accelerator.peak_memory_gib(self.device)),
            losses=losses,
            best=self.best,
            start_step=start_step,
        )
