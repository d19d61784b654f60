"""Plugin manager: built-in plugins plus third-party ones from the ``ghost_architect`` entry points.

Built-in features register through exactly the hooks a third party uses. Set
``GHOST_LOAD_PLUGINS`` to a comma-separated list of entry-point names to load only those
(an empty value loads none); built-ins always load.
"""

from __future__ import annotations

import difflib
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
    "ghost_architect.builtin.devices",
    "ghost_architect.builtin.hardware",
    "ghost_architect.builtin.backends",
    "ghost_architect.builtin.presets",
    "ghost_architect.builtin.doctor",
    "ghost_architect.builtin.readers",
    "ghost_architect.builtin.datasets",
    "ghost_architect.builtin.renderers",
    "ghost_architect.builtin.exporters",
    "ghost_architect.builtin.engines",
    "ghost_architect.builtin.perceivers",
    "ghost_architect.builtin.annotators",
    "ghost_architect.commands.plugins_cmd",
    "ghost_architect.commands.hardware_cmd",
    "ghost_architect.commands.doctor_cmd",
    "ghost_architect.commands.config_cmd",
    "ghost_architect.commands.data_cmd",
    "ghost_architect.commands.data_synth_cmd",
    "ghost_architect.commands.data_collect_cmd",
    "ghost_architect.commands.train_cmd",
    "ghost_architect.commands.export_cmd",
    "ghost_architect.commands.infer_cmd",
    "ghost_architect.commands.eval_cmd",
    "ghost_architect.commands.app_cmd",
)

REGISTRY_HOOKS: dict[str, str] = {
    "readers": "register_readers",
    "datasets": "register_datasets",
    "hardware": "register_hardware_profiles",
    "device_kinds": "register_device_kinds",
    "backends": "register_backends",
    "presets": "register_presets",
    "doctor_checks": "register_doctor_checks",
    "exporters": "register_exporters",
    "engines": "register_engines",
    "renderers": "register_renderers",
    "perceivers": "register_perceivers",
    "annotators": "register_annotators",
}

# What an object of each kind must have (checked at registration: a bad object is one warning).
REQUIRED: dict[str, tuple[str, ...]] = {
    "readers": ("suffixes", "read"),
    "datasets": ("detect", "to_example"),
    "hardware": ("kind", "vram_gib", "bf16"),
    "device_kinds": ("detect", "capacity_gib", "supports_dtype", "fallback_dtype", "accelerator"),
    "backends": ("available", "load", "device_kinds", "preference"),
    "presets": ("path",),
    "doctor_checks": ("run",),
    "exporters": ("target", "inputs", "run"),
    "engines": ("chat", "unavailable_reason"),
    "renderers": ("render", "unavailable_reason"),
    "perceivers": ("read_text",),
    "annotators": ("annotate", "needs_network", "model", "unavailable_reason"),
}
# Keys an object claims besides its name, unique across all plugins (a reader's file suffixes).
CLAIMS: dict[str, str] = {"readers": "suffixes"}

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
    claims: dict[str, str] = field(default_factory=dict)  # claimed key (a suffix) -> item name

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
        self.failed: dict[str, PluginInfo] = {}  # entry points that could not load
        self.warnings: list[str] = []  # one line each, starting "plugin '<name>'"
        self._registries: dict[str, Registry[Any]] = {}
        self.command_owners: dict[str, str] = {}  # `ghost` subcommand -> plugin, filled by the CLI
        self.echo: Callable[[str], None] | None = (
            None  # called on each new warning, e.g. by the CLI
        )

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self.echo is not None:
            self.echo(message)

    def problems_of(self, name: str) -> list[str]:
        """The warnings about plugin ``name``."""
        return [w for w in self.warnings if w.startswith(f"plugin '{name}' ")]

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
            info = PluginInfo(ep.name, f"entry point: {dist}", ep.value)
            try:
                plugin = ep.load()
                self.register(plugin, name=ep.name)
            except Exception as exc:  # a broken plugin must never take the CLI down
                reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
                self.warn(f"plugin '{ep.name}' ({dist}) failed to load: {reason}")
                self.failed[ep.name] = info
                continue
            self.infos[ep.name] = info
            self._check_hook_names(ep.name)

    def _check_hook_names(self, name: str) -> None:
        """Warn about a plugin's ``@hookimpl`` whose name is no hook (it would never be called)."""
        hooks = [n for n in vars(hookspecs) if n.startswith("register_")]
        for caller in self.get_hookcallers(self.get_plugin(name)) or []:
            if caller.spec is None:
                close = difflib.get_close_matches(caller.name, hooks, 1)
                hint = f"did you mean '{close[0]}'?" if close else f"hooks: {', '.join(hooks)}"
                self.warn(f"plugin '{name}' implements '{caller.name}', which is no hook ({hint})")

    def hooks_of(self, name: str) -> list[str]:
        plugin = self.get_plugin(name)
        return sorted(caller.name for caller in self.get_hookcallers(plugin) or [])

    def registry(self, kind: str) -> Registry[Any]:
        """Collect (once) everything plugins register for ``kind`` (see REGISTRY_HOOKS)."""
        if kind not in self._registries:
            self._registries[kind] = self._collect(kind)
        return self._registries[kind]

    def is_builtin(self, plugin: str) -> bool:
        """Whether ``plugin`` is one of Ghost Architect's own (loaded by ``load_builtins``)."""
        info = self.infos.get(plugin)
        return info is not None and info.source == "builtin"

    def _collect(self, kind: str) -> Registry[Any]:
        registry: Registry[Any] = Registry(kind)
        caller = getattr(self.hook, REGISTRY_HOOKS[kind])
        # Call each implementation alone so a duplicate or a crash is pinned on its plugin.
        for impl in caller.get_hookimpls():  # registration order, built-ins first
            owner = impl.plugin_name

            def register(obj: Any, _owner: str = owner) -> None:
                problem = self._refusal(registry, obj, _owner)
                if problem:
                    self.warn(problem)
                    return
                registry.items[obj.name] = obj
                registry.owners[obj.name] = _owner
                for key in _claimed(kind, obj):
                    registry.claims[key] = obj.name

            try:
                impl.function(register=register)
            except Exception as exc:
                self.warn(f"plugin '{owner}' failed in {caller.name}: {type(exc).__name__}: {exc}")
        return registry

    def _refusal(self, registry: Registry[Any], obj: Any, owner: str) -> str | None:
        """Why ``obj`` cannot join ``registry`` (one line naming the plugins), or None."""
        kind = registry.kind
        name = getattr(obj, "name", None)
        if not isinstance(name, str) or not name:
            return f"plugin '{owner}' registered a {kind} object without a name"
        missing = [a for a in REQUIRED.get(kind, ()) if not hasattr(obj, a)]
        if missing:
            return (
                f"plugin '{owner}' registers {kind} '{name}' without {', '.join(missing)}; "
                "skipped it"
            )
        if name in registry.items:
            first = registry.owners[name]
            return (
                f"plugin '{owner}' registers {kind} '{name}', already registered by "
                f"'{first}'; kept the first"
            )
        try:
            keys = _claimed(kind, obj)
        except TypeError as exc:
            return f"plugin '{owner}' registers {kind} '{name}' with bad {CLAIMS[kind]}: {exc}"
        for key in keys:
            if key in registry.claims:
                other = registry.claims[key]
                return (
                    f"plugin '{owner}' registers {kind} '{name}' for '{key}', already claimed "
                    f"by {kind} '{other}' of '{registry.owners[other]}'; kept the first"
                )
        return None


def _claimed(kind: str, obj: Any) -> list[str]:
    """The keys ``obj`` claims in ``kind`` (lower-case), or TypeError when they are malformed."""
    if kind not in CLAIMS:
        return []
    keys = getattr(obj, CLAIMS[kind])
    if isinstance(keys, str) or not keys or not all(isinstance(k, str) and k for k in keys):
        raise TypeError(f"expected a non-empty tuple of strings, got {keys!r}")
    return list(dict.fromkeys(k.lower() for k in keys))


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
    """What plugins (built-ins too) registered for ``kind``, with each item's plugin."""
    return get_plugin_manager().registry(kind)


def named(kind: str) -> dict[str, Any]:
    """A copy of what plugins (built-ins too) registered for ``kind``, by name."""
    return dict(registry(kind).items)


def owner(kind: str, name: str) -> str | None:
    """The plugin that registered ``name`` for ``kind``, or None when none did."""
    return registry(kind).owners.get(name)


def ask(kind: str, obj: Any, method: str, *args: Any, fallback: Any = None) -> Any:
    """``obj.method(*args)`` for an object registered for ``kind``; when it raises, one warning
    naming the plugin and its object, and ``fallback``: one plugin's bug never stops `ghost`."""
    try:
        return getattr(obj, method)(*args)
    except Exception as exc:
        name = getattr(obj, "name", type(obj).__name__)
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        line = f"plugin '{owner(kind, name) or '?'}': {kind} '{name}' {method}() failed: {reason}"
        pm = get_plugin_manager()
        if line not in pm.warnings:
            pm.warn(line)
        return fallback


def is_builtin(kind: str, name: str) -> bool:
    """Whether ``name`` of ``kind`` comes from a built-in plugin (not a third party's)."""
    plugin = owner(kind, name)
    return plugin is not None and get_plugin_manager().is_builtin(plugin)
