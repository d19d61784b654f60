"""How the model is spread over the run's processes: ``Solo`` (one process), ``Replicated`` (DDP:
the whole model on every GPU, adapters replicated, gradients all-reduced) and ``Sharded`` (FSDP:
weights, 4-bit ones included, and adapters split over the GPUs). The loop sees one interface."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import torch

from ghost_architect.training import accelerator
from ghost_architect.training.distributed import SOLO, World


class Solo:
    """One process: the model as it is."""

    strategy = "single"

    def __init__(self, model: Any, world: World = SOLO) -> None:
        self.model = model  # the backend's PEFT model (saving, generation)
        self.module = model  # what the loop calls forward on
        self.world = world

    @property
    def params(self) -> list[torch.nn.Parameter]:
        return [p for p in self.module.parameters() if p.requires_grad]

    def clip(self, max_norm: float) -> torch.Tensor:
        return torch.nn.utils.clip_grad_norm_(self.params, max_norm)

    def accumulating(self, last: bool):
        """Context of one micro batch's backward; gradients sync on the ``last`` only."""
        return nullcontext()

    def adapter_state(self) -> dict[str, torch.Tensor] | None:
        """The adapter's full tensors, where they must be gathered first (every rank calls)."""
        return None

    def optimizer_state(self, optimizer: Any) -> dict[str, Any]:
        return optimizer.state_dict()

    def load_optimizer_state(self, optimizer: Any, state: dict[str, Any]) -> None:
        optimizer.load_state_dict(state)

    def full_params(self):
        """Context in which ``model`` holds all its weights (for generation)."""
        return nullcontext()


class Replicated(Solo):
    """DistributedDataParallel: adapters replicated, gradients averaged once per optimiser step."""

    strategy = "ddp"

    def __init__(self, model: Any, world: World) -> None:
        super().__init__(model, world)
        from torch.nn.parallel import DistributedDataParallel

        torch_device = next(model.parameters()).device.type
        self.module = DistributedDataParallel(
            model,
            # the rank's one visible accelerator
            device_ids=[0] if accelerator.on_accelerator(torch_device) else None,
            broadcast_buffers=False,
        )

    def accumulating(self, last: bool):
        return nullcontext() if last else self.module.no_sync()


class Sharded(Solo):
    """FSDP: each decoder layer one unit with its adapters (DoRA reads the LoRA weights inside the
    layer's forward), every tensor in one storage dtype; the adapter is gathered to rank 0 to
    save."""

    strategy = "fsdp"

    def __init__(self, model: Any, world: World) -> None:
        super().__init__(model, world)
        from torch.distributed.fsdp import FullyShardedDataParallel

        uniform_dtype(model, SHARDED_STORAGE)
        torch_device = next(model.parameters()).device.type
        self.module = FullyShardedDataParallel(
            model,
            auto_wrap_policy=layer_policy(model),
            device_id=accelerator.current(torch_device),
            use_orig_params=True,  # frozen and trainable tensors share a unit
            limit_all_gathers=True,
        )

    def clip(self, max_norm: float) -> torch.Tensor:
        return self.module.clip_grad_norm_(max_norm)

    @contextmanager
    def _full(self) -> Iterator[None]:
        """Full (gathered) state dicts of the model (rank 0 only) and of the optimiser.

        Offloaded to the CPU only from a GPU: on the CPU, FSDP's "offload" returns each optimiser
        state as a view into one gather buffer, which the next state (exp_avg, then exp_avg_sq)
        overwrites; not offloaded, each is copied out."""
        from torch.distributed.fsdp import (
            FullOptimStateDictConfig,
            FullStateDictConfig,
            StateDictType,
        )
        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

        on_gpu = accelerator.on_accelerator(next(self.module.parameters()).device.type)
        model = FullStateDictConfig(offload_to_cpu=on_gpu, rank0_only=True)
        optimizer = FullOptimStateDictConfig(offload_to_cpu=on_gpu)
        with FSDP.state_dict_type(self.module, StateDictType.FULL_STATE_DICT, model, optimizer):
            yield

    def adapter_state(self) -> dict[str, torch.Tensor]:
        with self._full():
            full = self.module.state_dict()
        return {saved_key(k): v for k, v in full.items() if "lora_" in k}

    def optimizer_state(self, optimizer: Any) -> dict[str, Any]:
        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

        with self._full():
            return FSDP.optim_state_dict(self.module, optimizer)

    def load_optimizer_state(self, optimizer: Any, state: dict[str, Any]) -> None:
        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

        with self._full():
            optimizer.load_state_dict(FSDP.optim_state_dict_to_load(self.module, optimizer, state))

    def full_params(self):
        from torch.distributed.fsdp import FullyShardedDataParallel as FSDP

        return FSDP.summon_full_params(self.module, writeback=False)


# One dtype for every tensor of an FSDP unit: the adapters train in fp32 and the k-bit preparation
# upcasts norms and embeddings to fp32, so 4-bit weights are stored in fp32 containers too.
SHARDED_STORAGE = torch.float32


def saved_key(key: str, adapter: str = "default") -> str:
    """A model state-dict key as PEFT saves it (adapter name out; DoRA's magnitude bare)."""
    key = key.replace(f".{adapter}.", ".")
    return key.removesuffix(".weight") if key.endswith("lora_magnitude_vector.weight") else key


def layer_policy(model: Any):
    """FSDP's wrap policy: one unit per decoder layer (the classes the model will not split)."""
    import functools

    from torch.distributed.fsdp.wrap import transformer_auto_wrap_policy

    names = set(getattr(model, "_no_split_modules", None) or [])
    classes = {type(m) for m in model.modules() if type(m).__name__ in names}
    return functools.partial(transformer_auto_wrap_policy, transformer_layer_cls=classes)


def uniform_dtype(model: Any, dtype: torch.dtype) -> int:
    """Cast the floating-point tensors of another dtype to ``dtype`` (each FSDP unit flattens
    into one); returns how many."""
    count = 0
    for param in model.parameters():
        if param.is_floating_point() and param.dtype != dtype:
            param.data = param.data.to(dtype)
            count += 1
    return count


def wrap(model: Any, strategy: str, world: World) -> Solo:
    """The model spread over ``world`` by ``strategy`` ('ddp' or 'fsdp'); Solo for one process."""
    if world.size == 1:
        return Solo(model, world)
    return Sharded(model, world) if strategy == "fsdp" else Replicated(model, world)


def load_settings(strategy: str) -> dict[str, str]:
    """Config changes the model must be loaded with for ``strategy``: under FSDP, 4-bit weights
    are packed in SHARDED_STORAGE containers (bnb_4bit_quant_storage) so they shard with the other
    tensors of a unit."""
    return {"model.quant_storage": "fp32"} if strategy == "fsdp" else {}
