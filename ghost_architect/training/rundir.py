"""The run folder: what marks it as ghost's, refusing to clobber one, and the files that record a
run (config.toml, versions.json, ladder.json, the adapter folder)."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import shutil
from pathlib import Path
from typing import Any

import tomli_w

from ghost_architect import atomic
from ghost_architect.config import TrinityConfig, load_config, preset_profile
from ghost_architect.errors import UsageError
from ghost_architect.models import paths
from ghost_architect.training import checkpoint as ckpt

VERSIONED = (
    "torch",
    "transformers",
    "peft",
    "trl",
    "accelerate",
    "bitsandbytes",
    "unsloth",
    "unsloth_zoo",
    "ghost-architect",
)
RUN_MARKER = ".ghost-run.json"  # marks a folder ghost train made (its files may be replaced)


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def save_config(config: TrinityConfig, run_dir: Path) -> None:
    data = {"profile": config.profile, **config.to_dict()}
    atomic.write_text(run_dir / "config.toml", tomli_w.dumps(data))


def load_run_config(run_dir: Path) -> TrinityConfig:
    """The run's saved config, with the hardware profile it was resolved for."""
    path = str(run_dir / "config.toml")
    config = load_config(path)
    config.profile = preset_profile(path) or config.profile
    return config


def read_ladder(run_dir: Path) -> list[str]:
    """The OOM ladder steps an earlier part of this run took."""
    path = run_dir / "ladder.json"
    return json.loads(path.read_text()) if path.exists() else []


def prepare_run_dir(run_dir: Path, resume: bool, force: bool = False) -> Path | None:
    """The checkpoint to resume from; refuse to clobber an earlier run or a user's files."""
    latest = ckpt.latest_checkpoint(run_dir)
    if resume:
        if latest is None:
            raise UsageError(f"--resume: no checkpoint in {run_dir}", "start without --resume")
        ckpt.load_state(latest)  # a pickled or damaged state stops here, before any write
        return latest
    if latest is not None or paths.adapter_dir(run_dir).exists():
        raise UsageError(
            f"{run_dir} already holds a run",
            "pass --resume to continue it or choose another --output",
        )
    refuse_foreign(run_dir, force)
    return None


def refuse_foreign(run_dir: Path, force: bool) -> None:
    """Refuse a run folder that is a file, or holds files ghost train did not make (unless
    ``force``): the run would replace a config.toml or metrics.jsonl of the user's."""
    if os.path.lexists(run_dir) and not run_dir.is_dir():
        raise UsageError(f"--output {run_dir} is not a folder", "choose a folder for the run")
    if not run_dir.is_dir() or force or (run_dir / RUN_MARKER).exists():
        return
    found = sorted(p.name for p in run_dir.iterdir())
    if found:
        raise UsageError(
            f"{run_dir} is not empty and is not a ghost run: {len(found)} file(s) such as "
            f"{found[0]}",
            "choose another --output, or pass --force to train there (files named like the "
            "run's, such as config.toml, are replaced)",
        )


def claim_run_dir(run_dir: Path) -> None:
    """Create the run folder and mark it as ghost's."""
    atomic.write_json(run_dir / RUN_MARKER, {"written_by": "ghost train"})


def record_run(run_dir: Path, config: TrinityConfig, ladder: list[str], fresh: bool) -> None:
    """The files that say how the run was set up: marker (new runs), ladder, config, versions."""
    if fresh:
        claim_run_dir(run_dir)
        if ladder:
            atomic.write_json(run_dir / "ladder.json", ladder)
    save_config(config, run_dir)
    atomic.write_json(run_dir / "versions.json", versions())


def write_adapter(
    model: Any, tokenizer: Any, run_dir: Path, target: Path, state: dict | None = None
) -> None:
    """The model's adapter (``state``: its tensors, when gathered from shards), its tokenizer and
    the run's config, written whole into ``target``."""
    with atomic.staged_dir(target, overwrite=True) as stage:
        ckpt.save_adapter(model, stage, state)
        add_run_files(stage, tokenizer, run_dir)


def add_run_files(adapter: Path, tokenizer: Any, run_dir: Path) -> None:
    """Beside an adapter's weights: its tokenizer and the run's config (trinity_config.toml)."""
    tokenizer.save_pretrained(str(adapter))
    shutil.copy(run_dir / "config.toml", adapter / "trinity_config.toml")
