"""Child processes that end with their parent: own process group, killed on error, Ctrl-C or
SIGTERM, and (on Linux) by the kernel when the parent dies, even by SIGKILL."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

PR_SET_PDEATHSIG = 1


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def terminate_raises() -> Iterator[None]:
    """While inside, SIGTERM raises SystemExit (exit 143) so cleanup code runs; the previous
    handler comes back after. Signals reach only the main thread, so elsewhere it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _die_with_parent() -> Callable[[], None] | None:
    """A pre-exec hook asking the kernel to SIGKILL the child when this process dies."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the hook ran
            os._exit(1)

    return hook


def run_child(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end, capturing its text output, in a process group of its own that
    is killed whole if this process stops waiting (an exception, Ctrl-C, SIGTERM)."""
    with terminate_raises():
        child = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            process_group=0, preexec_fn=_die_with_parent(),
        )  # fmt: skip
        try:
            out, err = child.communicate()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise
    return subprocess.CompletedProcess(command, child.returncode, out, err)
