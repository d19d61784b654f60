"""Causal-LM loss on the labelled (assistant) positions only.

Gemma 3's vocabulary has 262,144 entries. `model(**batch, labels=...)` projects every position
onto it and upcasts all of it to fp32 (4,096 tokens: 2 GiB of bf16 logits, 4 GiB more in fp32,
and their gradients), although only the assistant's answer carries labels; in a screenshot ->
schema example the perceived layout (the prompt) is most of the sequence. Here the model is asked
for the logits of the positions whose next token is labelled only (transformers'
`logits_to_keep`, given the positions), and the cross-entropy upcasts them to fp32 a chunk at a
time inside a checkpoint. The call goes through the module's own forward, so DDP and FSDP wrappers
see it as usual. Value and gradients equal the model's own loss (tests/test_chunked_loss.py).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

IGNORE = -100


def labelled_positions(labels: torch.Tensor) -> torch.Tensor:
    """Positions whose next token is labelled in any row of the batch (1-D, ascending)."""
    return torch.nonzero((labels[:, 1:] != IGNORE).any(dim=0)).flatten()


def _chunk_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Summed cross-entropy of one chunk, in fp32 as transformers computes it."""
    return F.cross_entropy(
        logits.float().flatten(0, 1), targets.flatten(), ignore_index=IGNORE, reduction="sum"
    )


def assistant_loss(module: Any, batch: dict[str, torch.Tensor], chunk: int) -> torch.Tensor:
    """Mean cross-entropy over the batch's labelled next-token predictions (the value of
    ``module(**batch).loss``), projecting only labelled positions onto the vocabulary and
    upcasting at most ``chunk`` positions per row to fp32 at a time."""
    labels = batch["labels"]
    inputs = {k: v for k, v in batch.items() if k != "labels"}
    keep = labelled_positions(labels)
    if keep.numel() == 0:  # nothing labelled: a zero that still has a graph
        logits = module(**inputs, logits_to_keep=1).logits
        return logits.sum() * 0.0
    logits = module(**inputs, logits_to_keep=keep).logits
    targets = labels[:, keep + 1]
    total = logits.new_zeros((), dtype=torch.float32)
    for start in range(0, keep.numel(), chunk):
        part = slice(start, start + chunk)
        total = total + checkpoint(
            _chunk_loss, logits[:, part], targets[:, part], use_reentrant=False
        )
    return total / (targets != IGNORE).sum()
