"""`ghost doctor`'s core: a check gives pass, warn or fail, and the fix for a fail.

Checks are plugins (``register_doctor_checks``; the built-in ones are in
``ghost_architect.builtin.doctor``). A check fails only when the chosen hardware profile needs
what is missing; otherwise it warns.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ghost_architect import plugins
from ghost_architect.hardware import HardwareProfile


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    status: str  # "pass" | "warn" | "fail"
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class DoctorCheck:
    """A check `ghost doctor` runs, registered through ``register_doctor_checks``."""

    name: str
    run: Callable[[HardwareProfile], Check]
    description: str = ""
    needs: tuple[str, ...] = ()  # checks that must pass first (failed: fail; warned: skipped)


def version_of(dist: str) -> str | None:
    """The installed version of distribution ``dist``, or None."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def missing(name: str, required: bool, detail: str, fix: str) -> Check:
    """A missing piece: a failure where the profile needs it, else a warning."""
    return Check(name, "fail" if required else "warn", detail, fix)


def run_checks(profile: HardwareProfile, checks: dict[str, Any] | None = None) -> list[Check]:
    """Run every registered check (or ``checks``) in order; a crash is itself a failure."""
    checks = plugins.named("doctor_checks") if checks is None else checks
    results: list[Check] = []
    status: dict[str, str] = {}
    for name, check in checks.items():
        needs = getattr(check, "needs", ())
        blocked = [n for n in needs if status.get(n) == "fail"]
        absent = [n for n in needs if status.get(n) == "warn"]  # missing, and not required here
        if blocked:
            result = Check(name, "fail", f"needs {', '.join(blocked)}")
        elif absent:
            result = Check(name, "warn", f"skipped: needs {', '.join(absent)}")
        else:
            try:
                result = check.run(profile)
            except Exception as exc:
                owner = plugins.owner("doctor_checks", name)
                who = (
                    ""
                    if owner is None or plugins.is_builtin("doctor_checks", name)
                    else (f" (plugin '{owner}')")
                )
                result = Check(name, "fail", f"check crashed{who}: {type(exc).__name__}: {exc}")
        status[name] = result.status
        results.append(result)
    return results
