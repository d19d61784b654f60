"""Plugin manager: built-in plugins plus third-party ones from the ``ghost_architect`` entry points.

Built-in features register through exactly the hooks a third party uses. Set
``GHOST_LOAD_PLUGINS`` to a comma-separated list of entry-point names to load only those
(an empty value loads none); built-ins always load.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pluggy

from ghost_architect import hookspecs

ENTRY_POINT_GROUP = "ghost_architect"
LOAD_ENV = "GHOST_LOAD_PLUGINS"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "ghost_architect.builtin.hardware",
    "ghost_architect.builtin.datasets",
    "ghost_architect.builtin.renderers",
    "ghost_architect.builtin.exporters",
    "ghost_architect.commands.plugins_cmd",
    "ghost_architect.commands.hardware_cmd",
    "ghost_architect.commands.doctor_cmd",
    "ghost_architect.commands.config_cmd",
    "ghost_architect.commands.data_cmd",
    "ghost_architect.commands.train_cmd",
    "ghost_architect.commands.export_cmd",
    "ghost_architect.commands.infer_cmd",
    "ghost_architect.commands.eval_cmd",
    "ghost_architect.commands.app_cmd",
)

REGISTRY_HOOKS: dict[str, str] = {
    "datasets": "register_datasets",
    "hardware": "register_hardware_profiles",
    "exporters": "register_exporters",
    "engines": "register_engines",
    "renderers": "register_renderers",
}

T = TypeVar("T")


@dataclass
class PluginInfo:
    """Where a loaded plugin came from."""

    name: str
    source: str  # "builtin", or "entry point: <dist> <version>"
    module: str


@dataclass
class Registry(Generic[T]):
    """Named objects of one kind, with the plugin that registered each."""

    kind: str
    items: dict[str, T] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> T:
        return self.items[name]

    def __contains__(self, name: object) -> bool:
        return name in self.items

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def values(self):
        return self.items.values()


class GhostPluginManager(pluggy.PluginManager):
    """A pluggy manager that remembers plugin origins and collects warnings instead of crashing."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.warnings: list[str] = []
        self._registries: dict[str, Registry[Any]] = {}
        self.command_owners: dict[str, str] = {}  # `ghost` subcommand -> plugin, filled by the CLI
        self.echo: Callable[[str], None] | None = (
            None  # called on each new warning, e.g. by the CLI
        )

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self.echo is not None:
            self.echo(message)

    def load_builtins(self, modules: tuple[str, ...] = DEFAULT_PLUGINS) -> None:
        for module_name in modules:
            module = importlib.import_module(module_name)
            self.register(module, name=module_name)
            self.infos[module_name] = PluginInfo(module_name, "builtin", module_name)

    def load_entry_points(self, allowed: set[str] | None = None) -> None:
        """Load third-party plugins; each failure becomes a one-line warning."""
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if allowed is not None and ep.name not in allowed:
                continue
            dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else "unknown distribution"
            if self.has_plugin(ep.name):
                self.warn(f"plugin '{ep.name}' ({dist}) is installed twice; kept the first")
                continue
            try:
                plugin = ep.load()
                self.register(plugin, name=ep.name)
            except Exception as exc:  # a broken plugin must never take the CLI down
                self.warn(
                    f"plugin '{ep.name}' ({dist}) failed to load: {type(exc).__name__}: {exc}"
                )
                continue
            self.infos[ep.name] = PluginInfo(ep.name, f"entry point: {dist}", ep.value)

    def hooks_of(self, name: str) -> list[str]:
        plugin = self.get_plugin(name)
        return sorted(caller.name for caller in self.get_hookcallers(plugin) or [])

    def registry(self, kind: str) -> Registry[Any]:
        """Collect (once) everything plugins register for ``kind`` (see REGISTRY_HOOKS)."""
        if kind not in self._registries:
            self._registries[kind] = self._collect(kind)
        return self._registries[kind]

    def _collect(self, kind: str) -> Registry[Any]:
        registry: Registry[Any] = Registry(kind)
        caller = getattr(self.hook, REGISTRY_HOOKS[kind])
        # Call each implementation alone so a duplicate or a crash is pinned on its plugin.
        for impl in caller.get_hookimpls():  # registration order, built-ins first
            owner = impl.plugin_name

            def register(obj: Any, _owner: str = owner) -> None:
                name = getattr(obj, "name", None)
                if not isinstance(name, str) or not name:
                    self.warn(f"plugin '{_owner}' registered a {kind} object without a name")
                elif name in registry.items:
                    first = registry.owners[name]
                    self.warn(
                        f"plugin '{_owner}' registers {kind} '{name}', already registered by "
                        f"'{first}'; kept the first"
                    )
                else:
                    registry.items[name] = obj
                    registry.owners[name] = _owner

            try:
                impl.function(register=register)
            except Exception as exc:
                self.warn(f"plugin '{owner}' failed in {caller.name}: {type(exc).__name__}: {exc}")
        return registry


def allowed_entry_points() -> set[str] | None:
    """The entry-point names GHOST_LOAD_PLUGINS allows, or None for all."""
    value = os.environ.get(LOAD_ENV)
    if value is None:
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def build_plugin_manager(load_entry_points: bool = True) -> GhostPluginManager:
    pm = GhostPluginManager()
    pm.load_builtins()
    if load_entry_points:
        pm.load_entry_points(allowed_entry_points())
    return pm


_pm: GhostPluginManager | None = None


def get_plugin_manager() -> GhostPluginManager:
    """The process-wide plugin manager, built on first use."""
    global _pm
    if _pm is None:
        _pm = build_plugin_manager()
    return _pm


def registry(kind: str) -> Registry[Any]:
    return get_plugin_manager().registry(kind)


def named(kind: str) -> dict[str, Any]:
    """A copy of what plugins (built-ins too) registered for ``kind``, by name."""
    return dict(registry(kind).items)
