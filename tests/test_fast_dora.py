"""Fast DoRA against PEFT's own DoRA: outputs, gradients, the saved adapter, merging, training."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import bitsandbytes as bnb
import pytest
import torch
from peft import LoraConfig, get_peft_model
from safetensors.torch import load_file
from torch import nn

from ghost_architect.builtin.backends import load_hf
from ghost_architect.config import load_config
from ghost_architect.training import fast_dora
from ghost_architect.training.fast_dora import FastDoraError, FastDoraLinearLayer, use_fast_dora

IN, OUT = 128, 96  # 96 x 128: 192 NF4 blocks of 64 values


class Proj(nn.Module):
    """One projection, the smallest model PEFT wraps."""

    def __init__(self, base: nn.Module) -> None:
        super().__init__()
        self.proj = base

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x)


@pytest.fixture(autouse=True)
def one_thread():
    """One intra-op thread: reductions add in one fixed order, run after run."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def linear(bias: bool) -> nn.Linear:
    torch.manual_seed(0)
    return nn.Linear(IN, OUT, bias=bias)


def nf4(bias: bool) -> bnb.nn.Linear4bit:
    """An NF4, double-quantised, fp32-compute copy of ``linear(bias)`` on the CPU."""
    dense = linear(bias)
    layer = bnb.nn.Linear4bit(IN, OUT, bias=bias, compute_dtype=torch.float32, quant_type="nf4")
    layer.weight = bnb.nn.Params4bit(
        dense.weight.data.clone(), requires_grad=False, quant_type="nf4", compress_statistics=True
    )
    if bias:
        layer.bias = nn.Parameter(dense.bias.data.clone())
    layer = layer.to("cpu")  # quantises
    layer.support_avx512bf16_for_cpu = False  # see FIELD-NOTES: the CPU repack breaks gradients
    return layer


def dora_pair(base: nn.Module, dropout: float = 0.0) -> tuple[nn.Module, nn.Module]:
    """PEFT DoRA on ``base`` with a random (non-zero) B, and a fast DoRA copy of it."""
    config = LoraConfig(
        r=8,
        lora_alpha=16,
        lora_dropout=dropout,
        use_dora=True,
        use_rslora=True,
        target_modules=["proj"],
    )
    torch.manual_seed(1)
    peft = get_peft_model(Proj(base), config)
    with torch.no_grad():
        for name, param in peft.named_parameters():
            if "lora_B" in name or "magnitude" in name:
                param.mul_(1.1).add_(torch.randn_like(param) * 0.1)
    fast = copy.deepcopy(peft)
    assert use_fast_dora(fast) == 1
    return peft, fast


def run(model: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Output and the gradients of the input and of every trainable parameter."""
    x = x.clone().requires_grad_()
    torch.manual_seed(2)  # the same dropout mask for both models
    out = model(x)
    (out.square().mean() + out.mean()).backward()
    grads = {n: p.grad for n, p in model.named_parameters() if p.requires_grad}
    return out.detach(), {"input": x.grad, **grads}


def assert_close(actual: torch.Tensor, expected: torch.Tensor, rel: float = 1e-5) -> None:
    scale = expected.abs().max().clamp_min(1e-12)
    assert ((actual - expected).abs().max() / scale).item() < rel


def assert_same_dora(peft: nn.Module, fast: nn.Module, x: torch.Tensor) -> None:
    out_p, grads_p = run(peft, x)
    out_f, grads_f = run(fast, x)
    assert_close(out_f, out_p)
    assert grads_f.keys() == grads_p.keys()
    for part in ("lora_A", "lora_B", "lora_magnitude_vector"):
        assert any(part in name for name in grads_p), part
    for name, grad in grads_p.items():
        assert_close(grads_f[name], grad)


def dora_module(model: nn.Module) -> nn.Module:
    return model.base_model.model.proj.lora_magnitude_vector["default"]


@pytest.mark.parametrize("bias", [False, True])
def test_fp32_linear_matches_peft_outputs_and_gradients(bias):
    peft, fast = dora_pair(linear(bias))
    assert type(dora_module(fast)) is FastDoraLinearLayer
    assert_same_dora(peft, fast, torch.randn(3, 5, IN))


@pytest.mark.parametrize("bias", [False, True])
def test_nf4_linear4bit_matches_peft_on_the_same_4bit_layer(bias, monkeypatch):
    monkeypatch.setattr(fast_dora, "TILE_ELEMENTS", 40 * IN)  # tiles of 40, 40 and 16 rows
    peft, fast = dora_pair(nf4(bias))
    assert_same_dora(peft, fast, torch.randn(3, 5, IN))
    base = fast.base_model.model.proj.get_base_layer()
    full = bnb.functional.dequantize_4bit(base.weight.data, base.weight.quant_state)
    assert [start for start, _ in fast_dora.weight_tiles(base)] == [0, 40, 80]
    assert_close(fast_dora.row_norms_squared(base), full.square().sum(dim=1), 1e-6)


@pytest.mark.parametrize("make", [linear, nf4])
def test_dropout_matches_peft(make):
    peft, fast = dora_pair(make(True), dropout=0.3)
    assert_same_dora(peft, fast, torch.randn(3, 5, IN))


def test_saved_adapter_is_peft_s_own(tmp_path):
    peft, fast = dora_pair(linear(True))
    assert fast.state_dict().keys() == peft.state_dict().keys()
    peft.save_pretrained(tmp_path / "peft")
    fast.save_pretrained(tmp_path / "fast")
    saved_p = load_file(tmp_path / "peft" / "adapter_model.safetensors")
    saved_f = load_file(tmp_path / "fast" / "adapter_model.safetensors")
    assert saved_f.keys() == saved_p.keys()
    assert any(k.endswith("lora_magnitude_vector") for k in saved_f)
    assert all(torch.equal(saved_f[k], saved_p[k]) for k in saved_p)


def test_merge_and_unload_gives_peft_s_merged_weights():
    peft, fast = dora_pair(linear(True))
    merged_p = peft.merge_and_unload().proj
    merged_f = fast.merge_and_unload().proj
    assert torch.equal(merged_f.weight, merged_p.weight)
    assert torch.equal(merged_f.bias, merged_p.bias)


def test_unmerge_recomputes_the_cached_weight_norms():
    peft, fast = dora_pair(linear(False))
    x = torch.randn(2, 4, IN)
    dora = dora_module(fast)
    before = dora.fast_dora_w_sq.clone()
    for model in (peft, fast):
        model.base_model.model.proj.merge()
        model.base_model.model.proj.unmerge()
    assert_same_dora(peft, fast, x)
    assert not torch.equal(dora.fast_dora_w_sq, before)  # the unmerged W, re-read
    assert_close(dora.fast_dora_w_sq, before, 1e-5)


def test_unknown_structure_fails_with_one_line():
    peft, _ = dora_pair(linear(False))
    layer = peft.base_model.model.proj
    layer.lora_magnitude_vector = nn.ParameterDict({"default": nn.Parameter(torch.ones(OUT))})
    with pytest.raises(FastDoraError) as failed:
        use_fast_dora(peft)
    message = str(failed.value)
    assert "\n" not in message
    assert "base_model.model.proj" in message and "ParameterDict" in message
    assert "adapter.fast_dora = false" in message


def test_a_base_layer_it_does_not_know_is_refused():
    peft, _ = dora_pair(linear(False))
    peft.base_model.model.proj.base_layer = nn.Bilinear(IN, IN, OUT)
    with pytest.raises(FastDoraError, match="Bilinear is not Linear/Linear4bit"):
        use_fast_dora(peft)


@pytest.fixture(scope="module")
def tiny_gemma(tmp_path_factory) -> Path:
    from ghost_architect.models.random_init import make_random_gemma3

    return make_random_gemma3("tiny", tmp_path_factory.mktemp("tiny") / "text")


def tiny_losses(model_dir: Path, fast: bool) -> tuple[list[float], list[str]]:
    """Four AdamW steps of the hf backend's DoRA model on fixed random tokens."""
    flags = {
        "model.name": str(model_dir),
        "model.load_in_4bit": "false",
        "model.dtype": "fp32",
        "adapter.r": "8",
        "adapter.fast_dora": str(fast).lower(),
        "train.backend": "hf",
        "train.gradient_checkpointing": "false",
    }
    loaded = load_hf(load_config(flags=flags), "fp32", "cpu", vision=False)
    model = loaded.model
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-2)
    tokens = torch.randint(4, 1000, (2, 24), generator=torch.Generator().manual_seed(0))
    losses = []
    for _ in range(4):
        loss = model(input_ids=tokens, labels=tokens).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return losses, loaded.notes


def test_tiny_gemma3_trains_the_same_with_fast_dora(tiny_gemma):
    peft_losses, peft_notes = tiny_losses(tiny_gemma, fast=False)
    fast_losses, fast_notes = tiny_losses(tiny_gemma, fast=True)
    assert "fast DoRA on 14 layers" in fast_notes  # 2 layers x 7 projections
    assert not any("fast DoRA" in note for note in peft_notes)
    assert fast_losses[-1] < fast_losses[0] - 0.1  # it trains
    assert max(abs(a - b) for a, b in zip(fast_losses, peft_losses, strict=True)) < 1e-5


def test_the_norm_is_computed_once_per_step_and_again_after_the_optimiser_moves_a_or_b(
    monkeypatch,
):
    """Gradient checkpointing reruns the forward with the same A and B: the norm is reused then,
    and recomputed once an optimiser step changes them, matching PEFT at every step."""
    peft, fast = dora_pair(linear(True))
    calls = []
    real = fast_dora.dora_weight_norm
    monkeypatch.setattr(fast_dora, "dora_weight_norm", lambda *a: calls.append(1) or real(*a))
    x = torch.randn(4, 128)
    fast(x), fast(x)
    assert len(calls) == 1
    optimisers = [torch.optim.SGD([p for p in m.parameters() if p.requires_grad], lr=0.1)
                  for m in (peft, fast)]  # fmt: skip
    for _ in range(2):
        for model, optimiser in zip((peft, fast), optimisers, strict=True):
            optimiser.zero_grad()
            model(x).square().mean().backward()
            optimiser.step()
        assert_close(fast(x).detach(), peft(x).detach())
    assert len(calls) == 3


def test_a_new_a_or_b_that_reuses_a_dead_tensor_s_id_gets_its_own_norm():
    """Under FSDP every forward sees fresh views of A and B, and a fresh tensor often takes the
    id of the one freed just before: the norm must follow the values, never a recycled id."""
    _, fast = dora_pair(linear(False))
    layer = fast.base_model.model.proj
    dora, base = dora_module(fast), layer.get_base_layer()
    a, b, s = layer.lora_A["default"].weight, layer.lora_B["default"].weight, 0.7
    for factor in (1.0, 1.5, 2.0, 2.5):
        fresh_a, fresh_b = (a.detach() * factor).clone(), (b.detach() * factor).clone()
        expected = fast_dora.dora_weight_norm(
            dora.cached_row_norms(base), base, fresh_a, fresh_b, s
        )
        assert torch.equal(dora.weight_norm(base, fresh_a, fresh_b, s), expected), factor
        del fresh_a, fresh_b


FSDP_WORKER = """
import json, sys
import torch
import torch.distributed as dist
from ghost_architect.builtin.backends import load_hf
from ghost_architect.config import load_config
from ghost_architect.training import fast_dora
from ghost_architect.training.distributed import env_world
from ghost_architect.training.parallel import wrap

torch.set_num_threads(1)
model_dir, out = sys.argv[1:3]
builds = []
read = fast_dora.row_norms_squared
fast_dora.row_norms_squared = lambda base: builds.append(id(base)) or read(base)
dist.init_process_group("gloo")
world = env_world()
tokens = torch.randint(4, 1000, (2, world.size, 24), generator=torch.Generator().manual_seed(0))
losses = {}
for fast in (False, True):
    flags = {"model.name": model_dir, "model.load_in_4bit": "false", "model.dtype": "fp32",
             "adapter.r": "8", "adapter.fast_dora": str(fast).lower(), "train.backend": "hf",
             "train.gradient_checkpointing": "true"}
    model = load_hf(load_config(flags=flags), "fp32", "cpu", vision=False).model.train()
    sharded = wrap(model, "fsdp", world)
    optimizer = torch.optim.AdamW(sharded.params, lr=1e-2)
    losses[fast] = []
    for _ in range(3):  # three optimiser steps of two micro batches on each rank
        total = torch.zeros(1)
        for micro in tokens:
            ids = micro[world.rank : world.rank + 1]
            loss = sharded.module(input_ids=ids, labels=ids).loss / len(tokens)
            loss.backward()
            total += loss.detach()
        sharded.clip(1.0)
        optimizer.step()
        optimizer.zero_grad()
        dist.all_reduce(total)
        losses[fast].append(total.item() / world.size)
counts = [builds.count(layer) for layer in set(builds)]
with open(f"{out}.{world.rank}", "w") as f:
    json.dump({"peft": losses[False], "fast": losses[True], "builds": counts}, f)
dist.destroy_process_group()
"""


@pytest.mark.slow
def test_fsdp_reads_each_frozen_weight_once_and_trains_as_peft_s_dora(tiny_gemma, tmp_path):
    """Two FSDP ranks (gloo): each frozen W's ||W||² is read once for the whole run, although
    FSDP gathers W into a new buffer on every forward, and the losses are PEFT's DoRA's."""
    worker, out = tmp_path / "worker.py", tmp_path / "result"
    worker.write_text(FSDP_WORKER)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone",
               "--nproc-per-node", "2", str(worker), str(tiny_gemma), str(out)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # no time limit
    assert done.returncode == 0, done.stderr[-3000:]
    for rank in (0, 1):
        result = json.loads(Path(f"{out}.{rank}").read_text())
        assert result["builds"] == [1] * 14, rank  # 2 layers x 7 projections, once each
        gap = max(abs(a - b) for a, b in zip(result["fast"], result["peft"], strict=True))
        assert gap < 1e-5, (result["fast"], result["peft"])
        assert result["fast"][-1] < result["fast"][0]  # it trains
