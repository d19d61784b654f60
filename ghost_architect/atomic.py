"""Atomic file and folder writes: write to a temporary sibling, then rename into place.

Everything written here gets the user's umask, as a plain open() would. Caches built once use
``build_once`` (a per-target lock, so a second process waits and uses the result), and folders
the user names use ``manifest_dir`` (only files ghost listed as its own are ever removed).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ghost_architect.errors import GhostError, UsageError

MANIFEST = ".ghost-manifest.json"
FORCE_FIX = "pass --force to replace it, or choose another --out"
FULL_OR_READ_ONLY = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


def umask() -> int:
    """The process umask, read without changing it where /proc allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_failed(path: Path, exc: OSError) -> GhostError:
    """One clear line for a write the file system refused (full disk, read-only folder, ...)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some disk space, or choose another --out"
    else:
        fix = "choose a folder you can write to"
    return GhostError(f"cannot write {path}: {exc.strerror or exc}", fix)


def _temp_fd(path: Path) -> tuple[int, Path]:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.fchmod(fd, 0o666 & ~umask())
    return fd, Path(tmp)


@contextlib.contextmanager
def filled(path: Path) -> Iterator[Path]:
    """Yield a new, unique, empty file beside ``path`` (user's umask) for a writer outside
    Python (a converter, a C library) to fill; on success it is renamed to ``path``, and on any
    error it is removed, so nothing but a finished file ever has the name ``path``."""
    fd, tmp = _temp_fd(path)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary sibling, then rename it over ``path`` (never through a
    symlink: a link at ``path`` is itself replaced)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temp_fd(path)
    except OSError as exc:
        raise write_failed(path, exc) from exc
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_failed(path, exc) from exc
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: Path, data: Any) -> None:
    write_text(path, json.dumps(data, indent=2, default=str) + "\n")


def refuse_existing(path: Path, force: bool, fix: str = FORCE_FIX) -> None:
    """Refuse (exit 2) to replace ``path``, a dangling symlink included, unless ``force``."""
    if os.path.lexists(path) and not force:
        raise UsageError(f"{path} already exists", fix)


@contextlib.contextmanager
def png_figure(path: Path, title: str) -> Iterator[Any]:
    """Yield matplotlib axes; on success the titled figure is written to ``path`` as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=110)
    try:
        yield ax
        ax.set_title(title)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        write_bytes(path, buffer.getvalue())
    finally:
        plt.close(fig)


def _stage_beside(target: Path) -> Path:
    """A new temporary folder beside ``target`` with the user's umask."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise write_failed(target, exc) from exc
    stage.chmod(0o777 & ~umask())
    return stage


@contextlib.contextmanager
def _full_or_read_only(target: Path) -> Iterator[None]:
    """A full disk or read-only file system while filling a stage: one line naming ``target``."""
    try:
        yield
    except OSError as exc:
        if exc.errno in FULL_OR_READ_ONLY:
            raise write_failed(target, exc) from exc
        raise


@contextlib.contextmanager
def staged_dir(target: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole.

    On any error (or Ctrl-C) the temporary folder is removed and ``target`` is left untouched.
    """
    refuse_existing(target, overwrite, "pass --overwrite or choose another --out")
    stage = _stage_beside(target)
    try:
        with _full_or_read_only(target):
            yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = stage.with_name(stage.name + ".old")
    if os.path.lexists(target):
        os.replace(target, old)
    os.replace(stage, target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<target>.lock``, waiting while another process holds it."""
    lock = target.with_name(target.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale(target: Path) -> None:
    """Remove the temporary siblings (``.<name>.*``) a killed writer of ``target`` left."""
    for leftover in target.parent.glob(f".{target.name}.*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def build_once(
    target: Path, build: Callable[[], None], ready: Callable[[], bool] | None = None
) -> Path:
    """Build ``target`` once across processes: under its lock, a process that waited finds it
    ready and uses it; a build that was killed left only temporary siblings, cleared here."""
    is_ready = ready or target.exists
    if not is_ready():
        with locked(target):
            if not is_ready():
                remove_stale(target)
                build()
    return target


def _files(folder: Path) -> set[str]:
    """Every file (and symlink) under ``folder`` as a relative POSIX path, links not followed."""
    found: set[str] = set()
    for root, dirs, names in os.walk(folder):
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in [*names, *links]:
            found.add(Path(root, name).relative_to(folder).as_posix())
    return found


def read_manifest(folder: Path) -> set[str] | None:
    """The files ghost wrote into ``folder`` by its manifest, or None if it has none."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        files = json.loads(path.read_text())["files"]
        listed = {str(f) for f in files}
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(
            f"{path} is not a ghost manifest ({exc})", "remove it, or choose another --out"
        ) from None
    for name in listed:
        _inside(folder, name)
    return listed


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it stays inside ``folder`` (no .., no symlinked dirs)."""
    relative = PurePosixPath(name)
    path = folder / relative
    if relative.is_absolute() or ".." in relative.parts or name in ("", "."):
        raise UsageError(f"{folder / MANIFEST} lists {name!r}, outside the folder", "remove it")
    if not path.parent.resolve().is_relative_to(folder.resolve()):
        raise UsageError(
            f"{path.parent} leads outside {folder} (a symlink)", "remove the link, or choose "
            "another --out",
        )  # fmt: skip
    return path


def check_folder(target: Path, overwrite: bool, force: bool) -> set[str]:
    """What ghost wrote into an existing ``target`` before; refuse what would lose user files."""
    if not os.path.lexists(target):
        return set()
    if target.is_symlink() or not target.is_dir():
        raise UsageError(f"{target} is not a folder", "choose a folder for --out")
    listed = read_manifest(target)
    others = sorted(_files(target) - (listed or set()) - {MANIFEST})
    if listed is not None and not (overwrite or force):
        raise UsageError(
            f"{target} already exists",
            "pass --overwrite to replace what ghost wrote there, or choose another --out",
        )
    if listed is None and others and not force:
        raise UsageError(
            f"{target} is not empty and has no {MANIFEST} (ghost did not make it): "
            f"{len(others)} file(s) such as {others[0]}",
            "pass --force to write beside them (they are kept), or choose another --out",
        )
    return listed or set()


def _commit(stage: Path, target: Path, listed: set[str], force: bool) -> None:
    """Move the staged files into ``target``: remove only what the old manifest listed, keep
    every other file, and list the new files. A stage into a new folder is renamed whole."""
    new = _files(stage)
    if not os.path.lexists(target):
        write_json(stage / MANIFEST, {"files": sorted(new)})
        os.replace(stage, target)
        return
    clashes = sorted(n for n in new if os.path.lexists(target / n) and n not in listed)
    if clashes and not force:
        raise UsageError(
            f"{target / clashes[0]} is not ghost's and would be replaced",
            "pass --force to replace it, or choose another --out",
        )
    for name in listed | new:
        _inside(target, name)
    write_json(target / MANIFEST, {"files": sorted(listed | new)})
    for name in sorted(listed - new):
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            (target / name).unlink()
    for name in sorted(new):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / name, target / name)
    write_json(target / MANIFEST, {"files": sorted(new)})


@contextlib.contextmanager
def manifest_dir(target: Path, overwrite: bool = False, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder; on success its files go into ``target``, listed in its manifest.

    A folder with a manifest needs ``overwrite``, and then loses only the files listed there;
    a non-empty folder without one needs ``force``, and keeps every file ghost does not replace.
    On any error the temporary folder is removed and ``target`` is left untouched.
    """
    listed = check_folder(target, overwrite, force)
    stage = _stage_beside(target)
    try:
        with _full_or_read_only(target):
            yield stage
        try:
            _commit(stage, target, listed, force)
        except OSError as exc:
            raise write_failed(target, exc) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
