"""Trinity presets: TOML files of config sections, found by path or by name.

A name is looked up in ./configs (the user's own), then among the presets plugins register
through ``register_presets``: the built-in ones (``ghost_architect.builtin.presets``) ship in the
package, ghost_architect/configs/, so an installed wheel has them; the checkout's configs/ links
there.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ghost_architect import plugins
from ghost_architect.console import warn
from ghost_architect.errors import UnreadableInput, UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCAL_PRESETS = Path("configs")  # the user's own presets, found before the registered ones
BUILTIN_PRESETS = Path(__file__).resolve().with_name("configs")  # ghost_architect.builtin.presets
PRESET_DIRS = (LOCAL_PRESETS, BUILTIN_PRESETS)
_WARNED: set[str] = set()  # names whose local file hides a registered preset, said once


@dataclass(frozen=True)
class Preset:
    """A Trinity TOML file, registered through ``register_presets`` and named by its file name (a
    plugin's preset ships in its package: ``Preset(Path(__file__).with_name("name.toml"))``)."""

    path: Path
    description: str = ""

    @property
    def name(self) -> str:
        return Path(self.path).stem


def registered_presets() -> dict[str, Preset]:
    """Every registered preset, by name (built-ins first)."""
    return plugins.named("presets")


def find_preset(name_or_path: str) -> Path:
    """A preset by path, else by name: ./configs first, then the registered presets."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        return path
    name = path.stem if path.suffix == ".toml" else name_or_path
    local = LOCAL_PRESETS / f"{name}.toml"
    registered = registered_presets().get(name)
    if local.exists():
        hides = registered is not None and local.resolve() != Path(registered.path).resolve()
        if hides and name not in _WARNED:
            _WARNED.add(name)
            warn(
                f"preset '{name}': {local} is used; it hides the one of plugin "
                f"'{plugins.owner('presets', name)}' ({registered.path})"
            )
        return local
    if registered is not None:
        return Path(registered.path)
    names = ", ".join(sorted(p.stem for p in list_presets()))
    raise UsageError(f"config preset '{name_or_path}' not found", f"available presets: {names}")


def list_presets() -> list[Path]:
    """The preset files by name: ./configs first, then the registered presets."""
    seen: dict[str, Path] = {}
    if LOCAL_PRESETS.is_dir():
        for path in sorted(LOCAL_PRESETS.glob("*.toml")):
            seen.setdefault(path.stem, path)
    for name, preset in registered_presets().items():
        seen.setdefault(name, Path(preset.path))
    return list(seen.values())


def read_preset(path: Path) -> dict[str, Any]:
    """Parse a preset file; a syntax error names the file and line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}", "fix the syntax at that line") from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read preset: {exc.strerror}") from None


def preset_profile(preset: str | None) -> str | None:
    """The hardware profile a preset names, if any."""
    if not preset:
        return None
    value = read_preset(find_preset(preset)).get("profile")
    return value if isinstance(value, str) else None


def preset_folder(path: Path) -> Path:
    """Where a preset's relative paths start: the working directory for presets in ./configs or
    the built-in ones (their data paths name the working directory's data/, as always), else the
    preset file's own folder."""
    folder = path.absolute().parent
    builtin = {d.resolve() for d in PRESET_DIRS}
    return Path.cwd() if folder.resolve() in builtin else folder
