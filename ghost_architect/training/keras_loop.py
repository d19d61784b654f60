"""The keras backend's training loop, run as ``python -m ghost_architect.training.keras_loop JOB``
in the interpreter that has keras, keras-hub and JAX (no torch needed).

JOB (JSON, written by training/keras_backend.py) holds the model folder, dtype, the config's
adapter and train sections and the encoded examples. The loop mirrors training/loop.py: the same
data order (seed + epoch), loss over the assistant tokens of a whole accumulation group, the same
schedules, gradient clipping, skipped non-finite steps, metrics rows, checkpoints and a checkpoint
on Ctrl-C. Each event is one stdout line ``GHOST-KERAS {json}`` the parent reads.
"""

from __future__ import annotations

import json
import math
import signal
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ghost_architect.training import keras_lora, keras_state
from ghost_architect.training.data_order import take
from ghost_architect.training.keras_model import IGNORE, LOSS_CHUNK, KerasGemma, load, loss_fn
from ghost_architect.training.lora_scale import lora_scale

EVENT = "GHOST-KERAS "
MAX_BAD_STEPS = 10


def emit(kind: str, **data: Any) -> None:
    print(EVENT + json.dumps({"event": kind, **data}), flush=True)


def lr_factor(kind: str, step: int, warmup: int, total: int) -> float:
    """transformers' get_scheduler multipliers (linear, cosine, constant(_with_warmup))."""
    if kind != "constant" and step < warmup:
        return step / max(1, warmup)
    if kind.startswith("constant"):
        return 1.0
    progress = (step - warmup) / max(1, total - warmup)
    if kind == "linear":
        return max(0.0, 1.0 - progress)
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))


def batch(examples: list[list[list[int]]]) -> dict[str, np.ndarray]:
    """Right-padded ids, mask and next-token targets, padded to a multiple of LOSS_CHUNK (one
    compiled step per width)."""
    width = -(-max(len(ids) for ids, _ in examples) // LOSS_CHUNK) * LOSS_CHUNK
    ids = np.zeros((len(examples), width), np.int32)
    mask = np.zeros((len(examples), width), bool)
    targets = np.full((len(examples), width), IGNORE, np.int32)
    for row, (tokens, labels) in enumerate(examples):
        n = len(tokens)
        ids[row, :n], mask[row, :n] = tokens, True
        targets[row, : n - 1] = labels[1:]
    return {"ids": ids, "mask": mask, "targets": targets}


def trained(example: list[list[int]]) -> int:
    return max(1, sum(label != IGNORE for label in example[1]))


class KerasLoop:
    """One run: the model, the LoRA factors, Keras's AdamW, the data position."""

    def __init__(self, job: dict[str, Any], model: KerasGemma) -> None:
        import jax
        import keras

        self.job, self.model = job, model
        self.t, self.a = job["train"], job["adapter"]
        self.run_dir = Path(job["run_dir"])
        self.train_set, self.eval_set = job["examples"]["train"], job["examples"]["eval"]
        t = self.t
        self.group = t["per_device_train_batch_size"] * t["gradient_accumulation_steps"]
        per_epoch = max(1, math.ceil(len(self.train_set) / self.group))
        self.total = t["max_steps"] or max(1, math.ceil(per_epoch * t["num_train_epochs"]))
        scale = lora_scale(self.a["lora_alpha"], self.a["r"], self.a["use_rslora"])
        self.factors = keras_lora.init_factors(model.sites, self.a["r"], t["seed"])
        self.grad = jax.jit(jax.value_and_grad(loss_fn(model, scale)))
        self.value = jax.jit(loss_fn(model, scale))
        leaves, self.tree = jax.tree_util.tree_flatten(self.factors)
        self.optimizer = keras.optimizers.AdamW(
            learning_rate=t["learning_rate"], weight_decay=t["weight_decay"], epsilon=1e-8
        )
        self.optimizer.build([keras.Variable(x, name=f"lora_{i}") for i, x in enumerate(leaves)])
        self.opt_values = [v.value for v in self.optimizer.variables]
        names = [v.name for v in self.optimizer.variables]
        self.lr_index = names.index("learning_rate")
        self.step = self.cursor = self.bad_steps = 0

    # -- data order, training/loop.py's -----------------------------------------------------------
    def next_group(self) -> list[list[list[int]]]:
        picked = take(self.train_set, self.cursor, self.group, self.t["seed"])
        self.cursor += self.group
        return picked

    def lr(self, step: int) -> float:
        t = self.t
        warmup = min(t["warmup_steps"], self.total)
        factor = lr_factor(t["lr_scheduler_type"], step, warmup, self.total)
        return t["learning_rate"] * factor

    # -- files -----------------------------------------------------------------------------------
    def adapter(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        a = self.a
        config = keras_lora.adapter_config(self.job["model"], a["r"], a["lora_alpha"],
                                           a["use_rslora"], a["lora_dropout"],
                                           a["target_modules"])  # fmt: skip
        return keras_lora.peft_tensors(self.factors), config

    def save(self) -> None:
        state = {
            "step": self.step,
            "cursor": self.cursor,
            "best": None,
            "optimizer": [np.asarray(v) for v in self.opt_values],
        }
        keras_state.save_checkpoint(self.run_dir, self.step, *self.adapter(), state)

    def resume_from(self, checkpoint: Path) -> None:
        import jax.numpy as jnp

        tensors, state = keras_state.load_checkpoint(checkpoint)
        factors = keras_lora.from_peft(tensors, self.model.sites)
        self.factors = {k: {n: jnp.asarray(v) for n, v in p.items()} for k, p in factors.items()}
        saved = zip(state["optimizer"], self.opt_values, strict=True)
        self.opt_values = [jnp.asarray(v, dtype=o.dtype) for v, o in saved]
        self.step, self.cursor = state["step"], state["cursor"]

    # -- steps -----------------------------------------------------------------------------------
    def train_step(self, group: list[list[list[int]]]) -> tuple[float, int]:
        """One optimiser step over an accumulation group; (its loss, its tokens)."""
        import jax
        import jax.numpy as jnp

        bs = self.t["per_device_train_batch_size"]
        tokens = float(sum(trained(e) for e in group))
        total, grads = 0.0, None
        for start in range(0, len(group), bs):
            b = batch(group[start : start + bs])
            loss, g = self.grad(self.factors, self.model.values, b["ids"], b["mask"],
                                b["targets"], tokens)  # fmt: skip
            total += float(loss)
            grads = g if grads is None else jax.tree_util.tree_map(jnp.add, grads, g)
        leaves = jax.tree_util.tree_leaves(grads)
        norm = float(jnp.sqrt(sum(jnp.sum(x.astype(jnp.float32) ** 2) for x in leaves)))
        if math.isfinite(total) and math.isfinite(norm):
            clip = min(1.0, self.t["max_grad_norm"] / (norm + 1e-6))
            self.opt_values[self.lr_index] = jnp.asarray(self.lr(self.step), jnp.float32)
            params = jax.tree_util.tree_leaves(self.factors)
            new, self.opt_values = self.optimizer.stateless_apply(
                self.opt_values, [x * clip for x in leaves], params
            )
            self.factors = jax.tree_util.tree_unflatten(self.tree, new)
            self.bad_steps = 0
        else:
            self.bad_steps += 1
            if self.bad_steps >= MAX_BAD_STEPS:
                raise ArithmeticError(
                    f"training diverged: loss or gradients not finite for {MAX_BAD_STEPS} "
                    f"steps in a row (step {self.step + 1})"
                )
        return total, sum(len(e[0]) for e in group)

    def evaluate(self) -> float | None:
        if not self.eval_set:
            return None
        bs = self.t["per_device_train_batch_size"]
        loss_sum, tokens = 0.0, 0
        for start in range(0, len(self.eval_set), bs):
            micro = self.eval_set[start : start + bs]
            b = batch(micro)
            loss_sum += float(self.value(self.factors, self.model.values, b["ids"], b["mask"],
                                         b["targets"], 1.0))  # fmt: skip
            tokens += sum(trained(e) for e in micro)
        return loss_sum / max(1, tokens)

    def run(self) -> dict[str, Any]:
        t = self.t
        started, start_step, tokens_done, train_seconds = time.perf_counter(), self.step, 0, 0.0
        losses: list[float] = []
        eval_loss = None
        while self.step < self.total:
            step_start = time.perf_counter()
            loss, tokens = self.train_step(self.next_group())
            self.step += 1
            seconds = time.perf_counter() - step_start
            tokens_done, train_seconds = tokens_done + tokens, train_seconds + seconds
            losses.append(loss)
            row = {"step": self.step, "loss": round(loss, 6), "lr": self.lr(self.step),
                   "tokens": tokens, "tokens_per_s": round(tokens / seconds, 1),
                   "step_s": round(seconds, 3), "memory_gib": peak_memory_gib()}  # fmt: skip
            if not math.isfinite(loss):
                row["skipped"] = True
            if t["eval_steps"] and self.step % t["eval_steps"] == 0:
                eval_loss = self.evaluate()
                row["eval_loss"] = None if eval_loss is None else round(eval_loss, 6)
            emit("step", row=row, total=self.total, log=self.step % t["logging_steps"] == 0
                 or "eval_loss" in row)  # fmt: skip
            if STOP.requested:
                self.save()
                emit("interrupted", step=self.step)
                return {}
            if self.step % t["save_steps"] == 0 and self.step < self.total:
                self.save()
        if not t["eval_steps"] or self.step % t["eval_steps"]:
            eval_loss = self.evaluate()
            if eval_loss is not None:
                emit("eval", row={"step": self.step, "eval_loss": round(eval_loss, 6)})
        self.save()
        keras_state.write_adapter(self.run_dir / "adapter", *self.adapter())
        return {"steps": self.step, "eval_loss": eval_loss, "losses": losses,
                "seconds": time.perf_counter() - started, "train_seconds": train_seconds,
                "tokens": tokens_done, "peak_memory_gib": peak_memory_gib(),
                "start_step": start_step}  # fmt: skip


class Stop:
    """Ctrl-C: the first asks for a checkpoint after the running step, a second stops now."""

    requested = False

    def __call__(self, signum, frame) -> None:
        if self.requested:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            raise KeyboardInterrupt
        self.requested = True


STOP = Stop()


def peak_memory_gib() -> float:
    """The accelerator's peak memory (0 where JAX keeps no statistics, as on the CPU)."""
    import jax

    stats = jax.devices()[0].memory_stats() or {}
    return round(stats.get("peak_bytes_in_use", 0) / 2**30, 3)


def main(job_path: str) -> int:
    import jax

    signal.signal(signal.SIGINT, STOP)
    job = json.loads(Path(job_path).read_text())
    try:
        model = load(job["model"], job["dtype"], job["adapter"]["target_modules"])
        emit("loaded", sites=len(model.sites), platform=jax.default_backend())
        loop = KerasLoop(job, model)
        if job["resume"]:
            loop.resume_from(Path(job["resume"]))
        result = loop.run()
    except (ValueError, ArithmeticError, OSError) as exc:
        emit("error", message=str(exc).splitlines()[0])
        return 1
    if result:
        emit("done", result=result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
