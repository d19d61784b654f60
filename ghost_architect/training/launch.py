"""`ghost train --gpus N`: start the run under torchrun (torch.distributed.run), one process per
GPU, each running this same `ghost train` command. Only torchrun's argv is built here."""

from __future__ import annotations

import os
from collections.abc import Sequence

from ghost_architect.errors import UsageError

EXIT_INTERRUPTED = 130
STRATEGIES = ("auto", "ddp", "fsdp")  # --strategy of ghost train and ghost plan


def visible_gpus() -> int:
    from ghost_architect.training import accelerator

    return accelerator.device_count()


def process_count(gpus: str, visible: int) -> int:
    """Processes per machine for ``--gpus``: a number, or 'all' (every visible GPU). Without a GPU
    a number starts that many CPU processes (gloo), which is how it is tested."""
    if gpus == "all":
        if visible == 0:
            raise UsageError("--gpus all: no GPU is visible here", "pass --gpus N or check CUDA")
        return visible
    count = int(gpus)
    if count < 1:
        raise UsageError(f"--gpus {gpus}: expected a number >= 1 or 'all'")
    if visible and count > visible:
        raise UsageError(f"--gpus {count}: only {visible} GPUs are visible here")
    return count


def torchrun_argv(
    processes: int,
    worker_args: Sequence[str],
    nnodes: int = 1,
    node_rank: int = 0,
    rdzv_endpoint: str | None = None,
) -> list[str]:
    """torchrun's arguments to run ``ghost <worker_args>`` in ``processes`` processes on each of
    ``nnodes`` machines (a static rendezvous at ``rdzv_endpoint`` across machines)."""
    if nnodes > 1 and not rdzv_endpoint:
        raise UsageError(f"--nnodes {nnodes} needs --rdzv-endpoint HOST:PORT of node 0")
    if rdzv_endpoint:
        where = [f"--nnodes={nnodes}", f"--node-rank={node_rank}",
                 f"--rdzv-endpoint={rdzv_endpoint}"]  # fmt: skip
    else:
        where = ["--standalone", "--nnodes=1"]
    return [*where, f"--nproc-per-node={processes}", "-m", "ghost_architect.cli", *worker_args]


def launched() -> bool:
    """Whether this process is one of a run torchrun (or accelerate) started."""
    return "WORLD_SIZE" in os.environ


def launch(argv: list[str]) -> int:
    """Run torchrun with ``argv``; the exit code of the run (130 when it was interrupted)."""
    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.run import parse_args, run

    try:
        run(parse_args(argv))
    except ChildFailedError as failed:
        codes = [f.exitcode for f in failed.failures.values()]
        first = next((c for c in codes if c > 0), 1)  # a negative code: killed by a signal
        return EXIT_INTERRUPTED if EXIT_INTERRUPTED in codes else first
    except SignalException:
        return EXIT_INTERRUPTED
    return 0
