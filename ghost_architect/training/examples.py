"""A run's examples: read and checked, encoded for the model, and split into train and eval."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ghost_architect.config import TrinityConfig
from ghost_architect.data.dataset import load_dataset
from ghost_architect.errors import GhostError
from ghost_architect.plugins import named
from ghost_architect.training.features import Features, encode_example, encode_vision_example


@dataclass(frozen=True)
class RunData:
    """The run's records before encoding; ``held_out`` is None when eval is a random split."""

    examples: list
    held_out: list | None
    vision: bool


@dataclass(frozen=True)
class Encoded:
    train: list[Features]
    evaluation: list[Features]
    truncated: int


def valid_examples(path: str, config: TrinityConfig) -> list:
    """The examples of a dataset file, or one line naming its first invalid record."""
    dataset = load_dataset(Path(path), named("datasets"), config.data.format)
    if dataset.errors:
        first = dataset.errors[0].format(path)
        raise GhostError(
            f"{len(dataset.errors)} invalid records, first: {first}",
            f"run `ghost data validate {path} --fix clean.jsonl`",
        )
    return dataset.examples


def read_data(config: TrinityConfig) -> RunData:
    """The training examples (capped at data.max_examples) and the held-out file's, if any."""
    if not config.data.train:
        raise GhostError("no training data", "pass --data FILE or set data.train in the preset")
    examples = valid_examples(config.data.train, config)[: config.data.max_examples or None]
    held_out = valid_examples(config.data.eval, config) if config.data.eval else None
    return RunData(examples, held_out, any(e.images for e in examples))


def split_eval(features: list[Features], fraction: float, seed: int):
    """Deterministic train/eval split."""
    import numpy as np

    if fraction <= 0 or len(features) < 4:
        return features, []
    order = np.random.default_rng(seed).permutation(len(features))
    n_eval = max(1, round(len(features) * fraction))
    chosen = set(order[:n_eval].tolist())
    train = [f for i, f in enumerate(features) if i not in chosen]
    return train, [features[i] for i in sorted(chosen)]


def encode_all(examples, tokenizer, config: TrinityConfig, vision: bool) -> tuple[list, int]:
    """Every example that keeps an answer token within max_seq_length, and how many were cut."""
    seq = config.model.max_seq_length
    encode = encode_vision_example if vision else encode_example
    features, truncated = [], 0
    for example in examples:
        f = encode(example, tokenizer, seq)
        truncated += f.truncated
        if f.trained_tokens:
            features.append(f)
    if not features:
        raise GhostError(
            f"none of the {len(examples)} examples keeps any answer token within "
            f"model.max_seq_length = {seq}",
            "raise model.max_seq_length (see `ghost data stats` for lengths)",
        )
    return features, truncated


def encode_data(data: RunData, tokenizer, config: TrinityConfig) -> Encoded:
    """Train and eval features: the held-out file's, else a random split of the training set."""
    features, truncated = encode_all(data.examples, tokenizer, config, data.vision)
    if data.held_out is None:
        train, evaluation = split_eval(features, config.data.eval_fraction, config.train.seed)
    else:
        evaluation = encode_all(data.held_out, tokenizer, config, data.vision)[0]
        train = features
    return Encoded(train, evaluation, truncated)
