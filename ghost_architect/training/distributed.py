"""Several training processes: who this one is (torchrun's RANK/WORLD_SIZE/LOCAL_RANK), the
process group (gloo on CPU, NCCL on CUDA), the few collectives the loop agrees through, and how a
global batch is split over the ranks."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class World:
    """This process's place among the run's processes; the defaults are a one-process run."""

    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        """Rank 0 alone writes the run's files."""
        return self.rank == 0

    def _reduce(self, value: float, op: str) -> float:
        if self.size == 1:
            return value
        import torch
        import torch.distributed as dist

        tensor = torch.tensor([float(value)], dtype=torch.float64, device=_device())
        dist.all_reduce(tensor, op=getattr(dist.ReduceOp, op))
        return float(tensor.item())

    def any(self, flag: bool) -> bool:
        """True on every rank when it is true on one."""
        return self._reduce(float(flag), "MAX") > 0

    def total(self, value: float) -> float:
        return self._reduce(value, "SUM")

    def most(self, value: float) -> float:
        return self._reduce(value, "MAX")

    def barrier(self) -> None:
        if self.size > 1:
            import torch.distributed as dist

            dist.barrier()


SOLO = World()


def _device():
    """The device collectives run on: the rank's accelerator unless the group is gloo's."""
    import torch
    import torch.distributed as dist

    from ghost_architect.training import accelerator

    if dist.get_backend() == "gloo":
        return torch.device("cpu")
    return accelerator.current(accelerator.device_type())


def env_world(env: Mapping[str, str] = os.environ) -> World:
    """The World torchrun (or accelerate) describes in the environment; SOLO without one."""
    if "WORLD_SIZE" not in env:
        return SOLO
    return World(int(env.get("RANK", 0)), int(env["WORLD_SIZE"]), int(env.get("LOCAL_RANK", 0)))


def pin_local_gpu(env: dict[str, str] = os.environ) -> None:  # type: ignore[assignment]
    """Give each local rank of a multi-process run its own GPU, seen as cuda:0, so a backend that
    loads onto device 0 loads onto this rank's GPU. Call before CUDA starts."""
    world = env_world(env)
    if world.size == 1 or "LOCAL_RANK" not in env:
        return
    visible = env.get("CUDA_VISIBLE_DEVICES", "")
    devices = [d for d in visible.split(",") if d] if visible else None
    if devices is None:
        env["CUDA_VISIBLE_DEVICES"] = str(world.local_rank)
    elif len(devices) > 1:
        env["CUDA_VISIBLE_DEVICES"] = devices[world.local_rank % len(devices)]


@contextmanager
def joined(torch_device: str, env: Mapping[str, str] = os.environ) -> Iterator[World]:
    """This process's World, with the process group up for the run when there are several."""
    world = env_world(env)
    if world.size == 1:
        yield world
        return
    import torch.distributed as dist

    started = not dist.is_initialized()
    if started:
        dist.init_process_group(group_backend(torch_device))
    from ghost_architect.training import accelerator

    accelerator.use_first(torch_device)  # pin_local_gpu left this rank one visible GPU
    try:
        yield world
    finally:
        if started:
            dist.destroy_process_group()


def group_backend(torch_device: str) -> str:
    """The process group's backend torch pairs with this device type (gloo on the CPU, NCCL on
    CUDA, XCCL on XPU...), gloo where torch names none."""
    import torch.distributed as dist

    try:
        return dist.get_default_backend_for_device(torch_device)
    except (RuntimeError, ValueError):
        return "gloo"


def local_accumulation(batch: int, accumulation: int, size: int) -> tuple[int, str | None]:
    """Gradient-accumulation steps per rank so that batch x steps x ranks is the config's global
    batch; when it cannot be, the nearest larger one and the line that says so."""
    if size == 1:
        return accumulation, None
    steps = math.ceil(accumulation / size)
    if steps * size == accumulation:
        return steps, None
    wanted, got = batch * accumulation, batch * steps * size
    return steps, (
        f"global batch {got} instead of the config's {wanted}: {accumulation} accumulation "
        f"steps do not divide over {size} processes ({batch} x {steps} per process)"
    )


def shard(group: Sequence[T], world: World) -> Sequence[T]:
    """This rank's contiguous share of a global group (ranks in order rebuild it whole)."""
    per = len(group) // world.size
    return group[world.rank * per : (world.rank + 1) * per]
