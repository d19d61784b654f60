"""Exporter protocol and the chain runner behind `ghost export`.

Each exporter names the stage it needs first; `chain_for` walks those back from the target. A
stage whose inputs are unchanged (same digest in its stamp) is skipped; every output is staged and
moved into place, so a failed stage leaves the earlier stages' outputs intact. An output that
exists and is not up to date is replaced only when the context says ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ghost_architect import atomic
from ghost_architect.config import TrinityConfig, load_config
from ghost_architect.errors import GhostError, UsageError
from ghost_architect.models import paths

QUANTS = ("q4_k_m", "q5_k_m", "q8_0", "f16")


@dataclass
class ExportContext:
    run_dir: Path
    out: Path
    name: str
    quant: str
    config: TrinityConfig
    say: Callable[[str], None] = print
    produced: dict[str, Path] = field(default_factory=dict)
    force: bool = False  # replace outputs that exist and are not up to date

    @property
    def adapter_dir(self) -> Path:
        return paths.adapter_dir(self.run_dir)

    @property
    def merged_dir(self) -> Path:
        return paths.merged_dir(self.out, self.name)

    def gguf_file(self, quant: str | None = None) -> Path:
        """The GGUF of ``quant`` (default: the export's own quant) under ``out/gguf``."""
        return paths.gguf_file(self.out, self.name, quant or self.quant)


class Exporter(Protocol):
    """An export stage. Optional: ``default_quant``, the --quant it takes when none is given
    (else q4_k_m), and ``quants``, the --quant values it offers (else the GGUF ones, QUANTS)."""

    name: str
    description: str
    requires: str | None

    def target(self, ctx: ExportContext) -> Path: ...

    def inputs(self, ctx: ExportContext) -> list[Path]: ...

    def run(self, ctx: ExportContext, target: Path) -> None: ...


def offered_quants(chain: list[Exporter]) -> tuple[str, ...]:
    """The --quant values a chain takes: those of the stage nearest its target that declares
    ``quants`` (a later stage re-quantising decides), else the GGUF ones."""
    for stage in reversed(chain):
        declared = getattr(stage, "quants", None)
        if declared:
            return tuple(declared)
    return QUANTS


def context_for(
    run_dir: Path, out: Path, name: str, quant: str, say, force: bool = False,
    quants: tuple[str, ...] = QUANTS,
) -> ExportContext:  # fmt: skip
    if not (paths.adapter_dir(run_dir) / "adapter_config.json").exists():
        raise GhostError(
            f"{run_dir}: no adapter/ with adapter_config.json",
            "pass a finished `ghost train` run folder",
        )
    config_file = run_dir / "config.toml"
    if not config_file.exists():
        raise GhostError(f"{run_dir}: no config.toml", "pass a `ghost train` run folder")
    if quant not in quants:
        raise GhostError(f"--quant {quant}: unknown", f"choose one of {', '.join(quants)}")
    config = load_config(str(config_file))
    return ExportContext(run_dir, out, name, quant, config, say, force=force)


def chain_for(target: str, exporters: dict[str, Exporter]) -> list[Exporter]:
    if target not in exporters:
        raise GhostError(
            f"--to {target}: unknown exporter", f"choose one of {', '.join(exporters)}"
        )
    chain: list[Exporter] = []
    current: str | None = target
    while current is not None:
        exporter = exporters[current]
        chain.insert(0, exporter)
        current = exporter.requires
    return chain


def digest(paths: list[Path], extra: str) -> str:
    """Digest of the inputs (files, or every file in folders) plus settings: contents for files
    up to 64 MiB (adapters, configs), size and mtime for larger ones (base weights)."""
    h = hashlib.sha256(extra.encode())
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.name.endswith(STAMP):
                continue
            info = file.stat()
            h.update(f"{file.name}:{info.st_size}".encode())
            if info.st_size > 64 * 2**20:
                h.update(str(info.st_mtime_ns).encode())
                continue
            h.update(file.read_bytes())
    return h.hexdigest()


STAMP = ".ghost-export.json"


def stamp_path(target: Path) -> Path:
    return target / STAMP if target.suffix == "" else target.with_name(target.name + STAMP)


def wanted(exporter: Exporter, ctx: ExportContext) -> str | None:
    """Digest of the stage's inputs and settings; None while an input is missing."""
    inputs = exporter.inputs(ctx)
    if not all(path.exists() for path in inputs):
        return None
    settings = json.dumps({"stage": exporter.name, "quant": ctx.quant, "name": ctx.name})
    return digest(inputs, settings)


def stamped(target: Path) -> str | None:
    """The digest a finished stage stamped beside ``target``, if any."""
    try:
        return json.loads(stamp_path(target).read_text()).get("digest")
    except (OSError, ValueError, AttributeError):
        return None


def refuse_replacing(ctx: ExportContext, chain: list[Exporter]) -> None:
    """Before any work: an output that exists and is not up to date needs ``ctx.force``."""
    for exporter in chain:
        target = exporter.target(ctx)
        want = wanted(exporter, ctx)
        if os.path.lexists(target) and (want is None or stamped(target) != want):
            raise UsageError(f"{target} already exists", atomic.FORCE_FIX)


def run_chain(ctx: ExportContext, chain: list[Exporter], on_stage=None) -> dict[str, Path]:
    """Run each stage unless up to date; name the stage that fails."""
    if not ctx.force:
        refuse_replacing(ctx, chain)
    for exporter in chain:
        target = exporter.target(ctx)
        want = wanted(exporter, ctx)
        if want is not None and target.exists() and stamped(target) == want:
            ctx.say(f"{exporter.name}: up to date ({target})")
            ctx.produced[exporter.name] = target
            continue
        if on_stage:
            on_stage(exporter.name)
        try:
            exporter.run(ctx, target)
        except GhostError as exc:
            raise GhostError(
                f"export stage '{exporter.name}' failed: {exc.message}", exc.fix, exc.code
            ) from exc
        except Exception as exc:
            raise GhostError(
                f"export stage '{exporter.name}' failed: {type(exc).__name__}: {exc}",
                "earlier stages' outputs are intact; rerun with --debug for the traceback",
            ) from exc
        atomic.write_json(stamp_path(target), {"digest": want or wanted(exporter, ctx)})
        ctx.produced[exporter.name] = target
        ctx.say(f"{exporter.name}: wrote {target}")
    return ctx.produced
