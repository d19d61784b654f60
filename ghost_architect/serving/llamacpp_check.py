"""Does this machine run this build of llama.cpp? A one-token test in a child process.

A llama-cpp-python built with native CPU flags can die with SIGILL on a machine (or VM) that
advertises instructions it does not run; in-process that kills `ghost infer` with exit 132 and no
word. Run in a child, the crash becomes one line naming the portable rebuild. `ghost doctor` runs
the test every time; the llamacpp engine runs it once per engine build (its version and its
shared libraries' paths and mtimes), remembered in the cache.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import signal
import sys
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError
from ghost_architect.export.children import run_child
from ghost_architect.models.offline import cache_dir

# The Makefile's LLAMA_CMAKE_ARGS (a test keeps the two equal): no -march=native, no AMX, no
# multimodal library (unused: text GGUFs only).
PORTABLE_CMAKE_ARGS = (
    "-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON "
    "-DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON"
)
SMOKE_SCRIPT = """import sys
from llama_cpp import Llama
llm = Llama(sys.argv[1], n_ctx=64, n_threads=1, n_threads_batch=1, verbose=False)
llm.create_completion("CREATE TABLE", max_tokens=1, temperature=0.0)
"""


def llama_version() -> str:
    try:
        return importlib.metadata.version("llama_cpp_python")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def rebuild_command() -> str:
    """The command that reinstalls this version of llama-cpp-python built portable."""
    return (
        f'CMAKE_ARGS="{PORTABLE_CMAKE_ARGS}" {sys.executable} -m pip install --force-reinstall '
        f"--no-cache-dir --no-deps llama-cpp-python=={llama_version()}"
    )


def smoke_command(model: Path) -> list[str]:
    """A fresh interpreter that loads ``model`` and generates one token."""
    return [sys.executable, "-c", SMOKE_SCRIPT, str(model)]


def crash_error(returncode: int) -> GhostError | None:
    """The one line for a child killed by a signal (-N from Python, 128+N through a shell)."""
    number = -returncode if returncode < 0 else returncode - 128
    if number not in {s.value for s in signal.Signals}:
        return None
    name = signal.Signals(number).name
    return GhostError(
        f"the llama.cpp engine crashed with {name} on a one-token test: this build of "
        "llama-cpp-python uses CPU instructions this machine does not run",
        f"rebuild it portable: {rebuild_command()}",
    )


def smoke_test(model: Path) -> str | None:
    """Load ``model`` and generate one token in a child. None when that worked; raises the one
    line of ``crash_error`` when the child was killed; else the child's last error line."""
    result = run_child(smoke_command(model))
    if result.returncode == 0:
        return None
    crash = crash_error(result.returncode)
    if crash is not None:
        raise crash
    return (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]


def engine_build_key() -> str:
    """Changes with every (re)install: llama_cpp's version and its libraries' paths and mtimes."""
    spec = importlib.util.find_spec("llama_cpp")
    folders = spec.submodule_search_locations if spec else None
    libraries = sorted(Path(folders[0]).rglob("*.so*")) if folders else []
    parts = [llama_version(), *(f"{p}:{p.stat().st_mtime_ns}" for p in libraries)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def passed_mark() -> Path:
    return cache_dir() / "engine-checks" / f"llamacpp-{engine_build_key()}.json"


def check_engine(model: Path) -> str | None:
    """Run the one-token test now (see ``smoke_test``); a pass is remembered for this build."""
    problem = smoke_test(model)
    if problem is None:
        atomic.write_json(passed_mark(), {"llama_cpp_python": llama_version(), "model": model})
    return problem


def ensure_engine_runs(model: Path) -> None:
    """Before the first in-process load of this engine build: the test once, in a child. A crash
    raises its one line; any other failure is left to the real load to report."""
    if not passed_mark().exists():
        check_engine(model)
