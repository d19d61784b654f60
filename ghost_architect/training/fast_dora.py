"""DoRA at LoRA speed: PEFT's DoRA forward without any out x in matrix.

PEFT's ``DoraLinearLayer`` builds ``lora_B.weight @ lora_A.weight`` and (for 4-bit bases) the whole
dequantised ``W`` on every forward, only to take the row norms of ``W + s·B·A``. Expanded per row,

    ||W_i + s(BA)_i||² = ||W_i||² + 2s·Σ_k B_ik (W Aᵀ)_ik + s²·B_i (A Aᵀ) B_iᵀ

needs ``||W_i||²`` (fixed: the base is frozen, so it is cached once), ``W Aᵀ`` (out x r) and the
r x r Gram matrix ``A Aᵀ``. The norm stays detached (DoRA paper, section 4.3) exactly as in PEFT, so
outputs and gradients match PEFT's; merge, unmerge and the saved adapter are PEFT's own code.

``use_fast_dora(model)`` swaps the class of each PEFT ``DoraLinearLayer`` on an ``nn.Linear`` or
bitsandbytes ``Linear4bit`` base for ``FastDoraLinearLayer`` (as ``torch.nn.utils.parametrize``
does): the ``lora_magnitude_vector`` parameter, its name and its value are untouched.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

import torch
import torch.nn.functional as F
from peft.tuners.lora.dora import DoraLinearLayer
from torch import nn

from ghost_architect.errors import GhostError

TILE_ELEMENTS = 1 << 22  # weight elements per dequantised row tile on the CPU (16 MiB in fp32)
CUDA_TILE_ELEMENTS = 1 << 28  # on a GPU one tile per weight: one dequantise kernel, one GEMM
FIX = "set adapter.fast_dora = false to train with PEFT's own DoRA"


class FastDoraError(GhostError):
    """The model's LoRA layers are not the PEFT structure fast DoRA knows."""

    def __init__(self, message: str) -> None:
        super().__init__(f"fast DoRA: {message}", FIX)


def is_4bit(base: nn.Module) -> bool:
    """A bitsandbytes 4-bit layer (its weight carries a ``quant_state``)."""
    return type(base.weight).__name__ == "Params4bit"


def _tile_rows(out_features: int, in_features: int, blocksize: int, cuda: bool = False) -> int:
    """Rows per tile: about TILE_ELEMENTS (CUDA_TILE_ELEMENTS on a GPU, where per-tile kernel
    launches cost more than the transient memory), and a whole number of 4-bit blocks."""
    budget = CUDA_TILE_ELEMENTS if cuda else TILE_ELEMENTS
    rows = max(1, min(out_features, budget // in_features))
    while (rows * in_features) % blocksize:
        rows += 1
    return rows


def _absmax(state: Any) -> torch.Tensor:
    """The fp32 per-block scales of a 4-bit weight, undoing double quantisation."""
    import bitsandbytes.functional as bnbf

    if state.nested:
        return bnbf.dequantize_blockwise(state.absmax, state.state2).float() + state.offset
    return state.absmax.float()


def _quantized_tiles(base: nn.Module) -> Iterator[tuple[int, torch.Tensor]]:
    """Row tiles of a bitsandbytes 4-bit weight, each dequantised on its own."""
    import bitsandbytes.functional as bnbf

    state = base.weight.quant_state
    if getattr(state, "packing_format_for_cpu", False):
        raise FastDoraError(
            f"{type(base).__name__} weights were repacked for AVX512-BF16 CPUs; set "
            "support_avx512bf16_for_cpu = False on 4-bit layers before any forward"
        )
    out_features, in_features = state.shape
    packed = base.weight.data.view(torch.uint8).reshape(-1)
    absmax, size = _absmax(state), state.blocksize
    rows = _tile_rows(out_features, in_features, size, packed.is_cuda)
    for start in range(0, out_features, rows):
        n = min(rows, out_features - start)
        first, last = start * in_features, (start + n) * in_features
        tile_state = bnbf.QuantState(
            absmax=absmax[first // size : -(-last // size)],
            shape=torch.Size((n, in_features)),
            blocksize=size,
            quant_type=state.quant_type,
            dtype=state.dtype,
        )
        yield start, bnbf.dequantize_4bit(packed[first // 2 : last // 2], tile_state)


def weight_tiles(base: nn.Module) -> Iterator[tuple[int, torch.Tensor]]:
    """``(first row, rows of W)`` over the frozen weight; a 4-bit one is dequantised a tile at a
    time, so no more than one tile is ever held."""
    if is_4bit(base):
        yield from _quantized_tiles(base)
        return
    yield 0, base.weight.detach()  # already in memory: one tile, no copy


@torch.no_grad()
def row_norms_squared(base: nn.Module) -> torch.Tensor:
    """``||W_i||²`` of every output row, in fp32."""
    parts = [
        torch.linalg.vector_norm(tile, dim=1, dtype=torch.float32).square()
        for _, tile in weight_tiles(base)
    ]
    return torch.cat(parts)


@torch.no_grad()
def weight_times_a(base: nn.Module, lora_a: torch.Tensor) -> torch.Tensor:
    """``W Aᵀ`` (out x r) from row tiles of W, in W's compute dtype, fp32 result.

    Tiles rather than running the frozen base layer on A's r rows as r "tokens": measured on CPU
    (8192 x 2048, r 64) the two are the same GEMM on nn.Linear (~8-10 ms), while on NF4 tiles took
    15 ms against 26 ms, since bitsandbytes dequantises the whole W into an out x in transient per
    call. Tiles also need no bias correction, never trip bitsandbytes' eval-mode CPU repack, and
    serve the install-time ``||W_i||²`` too."""
    out = torch.empty(base.out_features, lora_a.shape[0], device=lora_a.device)
    for start, tile in weight_tiles(base):
        out[start : start + tile.shape[0]] = (tile @ lora_a.to(tile.dtype).T).float()
    return out


@torch.no_grad()
def dora_weight_norm(
    w_sq: torch.Tensor, base: nn.Module, lora_a: torch.Tensor, lora_b: torch.Tensor, scaling: float
) -> torch.Tensor:
    """``||W_i + s(BA)_i||`` for every row, from rank-sized pieces only (fp32)."""
    a, b = lora_a.float(), lora_b.float()
    cross = (b * weight_times_a(base, a)).sum(dim=1)
    quad = ((b @ (a @ a.T)) * b).sum(dim=1)
    return (w_sq + 2 * scaling * cross + scaling**2 * quad).clamp_min(0).sqrt()


def base_output(base: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``x Wᵀ`` without the bias, in ``x``'s dtype, computed in the base layer's own dtype."""
    if is_4bit(base):
        out = base(x)
        return out if base.bias is None else out - base.bias.to(out.dtype)
    return F.linear(x.to(base.weight.dtype), base.weight).to(x.dtype)


def _frozen_stamp(base: nn.Module) -> tuple[torch.Size, torch.dtype]:
    """What ``||W_i||²`` is cached against: W's shape and dtype, never its identity, address or
    version, which FSDP renews on every forward (a fresh view of the same frozen values). PEFT's
    merge, the one thing that rewrites W, drops the cache itself (``get_weight_norm``)."""
    weight = base.weight
    return weight.shape, weight.dtype


def _same_tensors(refs: tuple[weakref.ref, ...], tensors: tuple[torch.Tensor, ...]) -> bool:
    """Whether ``refs`` still point at these very tensor objects (a new tensor may reuse the id
    of a dead one, as FSDP's per-forward views do; a weak reference never matches it)."""
    return len(refs) == len(tensors) and all(r() is t for r, t in zip(refs, tensors, strict=True))


def _values_stamp(tensor: torch.Tensor) -> tuple[int, int]:
    """Changes when ``tensor``'s values may have: an in-place update, or new data behind it."""
    return tensor._version, tensor.data_ptr()


class FastDoraLinearLayer(DoraLinearLayer):
    """PEFT's DoRA on a Linear / Linear4bit base with the weight norm from rank-sized pieces."""

    _fast_dora_stamp: tuple[torch.Size, torch.dtype] | None = None
    _fast_dora_refs: tuple[weakref.ref, ...] = ()
    _fast_dora_key: tuple[Any, ...] | None = None

    def cached_row_norms(self, base: nn.Module) -> torch.Tensor:
        """``||W_i||²`` of the frozen base, read once (again only after a merge or a new dtype)."""
        stamp = _frozen_stamp(base)
        if self._fast_dora_stamp != stamp:
            self.register_buffer("fast_dora_w_sq", row_norms_squared(base), persistent=False)
            self._fast_dora_stamp = stamp
        return self.fast_dora_w_sq.float()

    def get_weight_norm(
        self,
        weight: torch.Tensor,
        lora_weight: torch.Tensor,
        scaling: float,
        adapter_name: str | None = None,
    ) -> torch.Tensor:
        """PEFT's own; merging calls it before it rewrites W, so both caches are dropped here and
        the first forward after an unmerge reads the restored W afresh."""
        self._fast_dora_stamp = self._fast_dora_key = None
        return super().get_weight_norm(weight, lora_weight, scaling, adapter_name)

    @torch.compiler.disable
    def weight_norm(
        self, base: nn.Module, lora_a: torch.Tensor, lora_b: torch.Tensor, scaling: float
    ) -> torch.Tensor:
        """``||W_i + s(BA)_i||``, computed once per optimiser step: gradient checkpointing runs
        the forward again in the backward pass with the same A and B (the same tensors, at the
        same versions). Kept out of torch.compile regions (Unsloth compiles each decoder layer):
        the cache key changes every step and would recompile the region."""
        key = (_frozen_stamp(base), *_values_stamp(lora_a), *_values_stamp(lora_b), scaling)
        if self._fast_dora_key != key or not _same_tensors(self._fast_dora_refs, (lora_a, lora_b)):
            w_sq = self.cached_row_norms(base)
            self._fast_dora_norm = dora_weight_norm(w_sq, base, lora_a, lora_b, scaling)
            self._fast_dora_refs = (weakref.ref(lora_a), weakref.ref(lora_b))
            self._fast_dora_key = key
        return self._fast_dora_norm

    def forward(
        self,
        x: torch.Tensor,
        *,
        lora_A: nn.Module,
        lora_B: nn.Module,
        scaling: float,
        base_layer: nn.Module,
        base_result: torch.Tensor | None = None,
        **_: Any,
    ) -> torch.Tensor:
        """The DoRA term PEFT adds to the base output (``x`` is already dropped out)."""
        norm = self.weight_norm(base_layer, lora_A.weight, lora_B.weight, scaling)
        scale = (self.weight / norm.to(x.dtype)).view(1, -1)
        if base_result is None:  # dropout is active: the base output of the dropped-out input
            base_result = base_output(base_layer, x)
        elif base_layer.bias is not None:
            base_result = base_result - base_layer.bias
        # (m/n - 1)·base + (m/n)·s·lora in two passes over the output (scaling folded into m/n)
        return torch.addcmul((scale - 1) * base_result, scale * scaling, lora_B(lora_A(x)))


def _base_of(path: str, layer: nn.Module, adapter: str) -> nn.Module:
    """The layer's frozen base after checking the PEFT structure fast DoRA relies on."""
    for attr in ("lora_A", "lora_B", "lora_dropout", "scaling"):
        if adapter not in getattr(layer, attr, {}):
            raise FastDoraError(f"{path} has no {attr}['{adapter}'] (unknown PEFT LoRA layout)")
    magnitudes = layer.lora_magnitude_vector
    if not isinstance(magnitudes, nn.ModuleDict):
        kind = type(magnitudes).__name__
        raise FastDoraError(f"{path}: lora_magnitude_vector is a {kind}, not a ModuleDict")
    base = layer.get_base_layer() if hasattr(layer, "get_base_layer") else layer
    plain = isinstance(base.weight, nn.Parameter) and base.weight.is_floating_point()
    if not isinstance(base, nn.Linear) or not (plain or is_4bit(base)):
        raise FastDoraError(f"{path}: base layer {type(base).__name__} is not Linear/Linear4bit")
    if getattr(magnitudes[adapter], "fan_in_fan_out", False):
        raise FastDoraError(f"{path}: fan_in_fan_out (Conv1D) weights are not supported")
    return base


def use_fast_dora(model: nn.Module) -> int:
    """Put every DoRA Linear / Linear4bit layer of a PEFT model on the fast path.

    Returns how many layers run fast DoRA afterwards (already switched ones count too). Raises
    FastDoraError, one line, on any structure it does not know: it never falls back quietly."""
    count = 0
    for path, layer in model.named_modules():
        for adapter in getattr(layer, "lora_magnitude_vector", None) or {}:
            base = _base_of(path, layer, adapter)
            dora = layer.lora_magnitude_vector[adapter]
            if type(dora) is DoraLinearLayer:
                dora.__class__ = FastDoraLinearLayer
            elif type(dora) is not FastDoraLinearLayer:
                raise FastDoraError(f"{path}: unknown DoRA module {type(dora).__name__}")
            dora.cached_row_norms(base)
            count += 1
    return count
