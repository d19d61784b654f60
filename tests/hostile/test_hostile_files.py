"""Hostile input, files: nothing of the user's is lost, overwritten or written through.

Outputs keep the user's umask; --out refuses to replace without --force; a symlinked --out is
replaced, never written through; `ghost data synth --overwrite` removes only what its manifest
lists; a full disk or an unwritable folder gives one line and leaves the old file whole."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_ghost

from ghost_architect import atomic
from ghost_architect.errors import EXIT_USAGE, GhostError, UsageError

SAMPLE = ROOT / "data" / "samples"
SHIPPED_RUN = ROOT / "ghost_architect" / "models" / "shipped" / "ghost-architect-270m"
USAGE_FIX = "(pass --force to replace it, or choose another --out)"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) with its sha256."""
    return {
        p.relative_to(folder).as_posix(): sha(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def error_line(result: subprocess.CompletedProcess, after_work: bool = False) -> str:
    """The CLI's one error line, alone on stderr (after the progress bar when ``after_work``)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 + after_work, result.stderr
    assert lines[-1].startswith("Error: ") and "Traceback" not in result.stderr
    return lines[-1]


@pytest.fixture
def umask():
    """Set the umask for one test; the old one comes back after."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.fixture
def user_files(tmp_path) -> Path:
    """A folder of the user's own files, none written by ghost."""
    folder = tmp_path / "mine"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("my notes\n")
    (folder / "sub" / "data.csv").write_text("a,b\n1,2\n")
    return folder


@pytest.fixture(scope="module")
def one_shot(tmp_path_factory) -> Path:
    """A one-record ghost-vision file (with its screenshot) for `ghost data perceive`."""
    folder = tmp_path_factory.mktemp("one shot ünï")
    record = json.loads((SAMPLE / "test.jsonl").read_text().splitlines()[0])
    (folder / "images").mkdir()
    shutil.copy(SAMPLE / record["image"], folder / record["image"])
    (folder / "one.jsonl").write_text(json.dumps(record) + "\n")
    return folder / "one.jsonl"


# --- atomic writes: umask, symlinks, full disk, unwritable folder --------------------------


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_get_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    atomic.write_text(tmp_path / "out.txt", "x")
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == mode
    assert atomic.umask() == mask


@pytest.mark.parametrize("mask, mode", [(0o022, 0o755), (0o027, 0o750)])
def test_staged_folders_get_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    with atomic.staged_dir(tmp_path / "set") as stage:
        (stage / "a.txt").write_text("a")
    assert (tmp_path / "set").stat().st_mode & 0o777 == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


def test_a_symlink_out_is_replaced_not_written_through(tmp_path):
    passwd = tmp_path / "etc-passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    before = sha(passwd)
    link = tmp_path / "out.jsonl"
    link.symlink_to(passwd)
    atomic.write_text(link, "new\n")
    assert sha(passwd) == before
    assert not link.is_symlink() and link.read_text() == "new\n"


def test_disk_full_mid_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old contents\n")
    real_write = os.write
    calls = []

    def full_after_first_chunk(fd, data):
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data[:4096]))

    monkeypatch.setattr(os, "write", full_after_first_chunk)
    with pytest.raises(GhostError) as info:
        atomic.write_bytes(target, b"x" * 20000)
    assert len(calls) == 2
    assert str(info.value) == (
        f"cannot write {target}: No space left on device "
        "(free some disk space, or choose another --out)"
    )
    assert target.read_text() == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_unwritable_folder_is_one_line(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(GhostError) as info:
        atomic.write_text(tmp_path / "out.txt", "x")
    assert str(info.value) == (
        f"cannot write {tmp_path / 'out.txt'}: Permission denied (choose a folder you can write to)"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def immutable(tmp_path):
    """A folder nobody may write into, root included (chattr +i), with one file in it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "out.jsonl").write_text("old\n")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_target_folder_gives_one_line_and_keeps_the_file(one_shot, immutable):
    out = immutable / "out.jsonl"
    result = run_ghost("data", "perceive", str(one_shot), "--out", str(out), "--force")
    assert result.returncode == 1
    assert error_line(result, after_work=True) == (
        f"Error: cannot write {out}: Operation not permitted (choose a folder you can write to)"
    )
    assert out.read_text() == "old\n" and [p.name for p in immutable.iterdir()] == ["out.jsonl"]


@pytest.fixture
def full_disk(tmp_path):
    """A 256 KiB tmpfs filled to the last byte."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)]
    if subprocess.run(command, capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (mount / "old.jsonl").write_text('{"old": true}\n')
        with open(mount / "filler", "wb", buffering=0) as handle, pytest.raises(OSError):
            while True:
                handle.write(b"\0" * 4096)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_real_full_disk_keeps_the_old_output(one_shot, full_disk):
    out = full_disk / "old.jsonl"
    result = run_ghost("data", "perceive", str(one_shot), "--out", str(out), "--force")
    assert result.returncode == 1
    assert error_line(result, after_work=True) == (
        f"Error: cannot write {out}: No space left on device "
        "(free some disk space, or choose another --out)"
    )
    assert out.read_text() == '{"old": true}\n'
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "old.jsonl"]


def test_synth_into_a_full_disk_leaves_nothing(full_disk):
    out = full_disk / "set"
    result = run_ghost("data", "synth", "--n", "2", "--renderer", "pillow", "--out", str(out))
    assert result.returncode == 1
    assert "No space left on device (free some disk space" in error_line(result, after_work=True)
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "old.jsonl"]


# --- the manifest: --overwrite removes only what ghost wrote ------------------------------


def write_set(stage: Path, names: dict[str, str]) -> None:
    for name, text in names.items():
        (stage / name).parent.mkdir(parents=True, exist_ok=True)
        (stage / name).write_text(text)


def test_new_folder_gets_a_manifest_of_every_file(tmp_path):
    with atomic.manifest_dir(tmp_path / "set") as stage:
        write_set(stage, {"a.txt": "a", "images/b.png": "b"})
    manifest = json.loads((tmp_path / "set" / atomic.MANIFEST).read_text())
    assert manifest == {"files": ["a.txt", "images/b.png"]}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


def test_overwrite_removes_only_listed_files(tmp_path):
    out = tmp_path / "set"
    with atomic.manifest_dir(out) as stage:
        write_set(stage, {"old.txt": "1", "images/old.png": "2"})
    (out / "mine.txt").write_text("the user's")
    (out / "images" / "mine.png").write_text("the user's image")
    with atomic.manifest_dir(out, overwrite=True) as stage:
        write_set(stage, {"new.txt": "3"})
    assert tree(out) == {
        atomic.MANIFEST: sha(out / atomic.MANIFEST),
        "images/mine.png": hashlib.sha256(b"the user's image").hexdigest(),
        "mine.txt": hashlib.sha256(b"the user's").hexdigest(),
        "new.txt": hashlib.sha256(b"3").hexdigest(),
    }
    assert json.loads((out / atomic.MANIFEST).read_text()) == {"files": ["new.txt"]}


def test_folder_with_manifest_needs_overwrite(tmp_path):
    out = tmp_path / "set"
    with atomic.manifest_dir(out) as stage:
        write_set(stage, {"a.txt": "a"})
    before = tree(out)
    with pytest.raises(UsageError) as info, atomic.manifest_dir(out) as stage:
        write_set(stage, {"a.txt": "changed"})
    assert info.value.code == EXIT_USAGE
    assert str(info.value).startswith(f"{out} already exists (pass --overwrite")
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["set"]


def test_folder_without_manifest_needs_force(user_files):
    before = tree(user_files)
    with (
        pytest.raises(UsageError) as info,
        atomic.manifest_dir(user_files, overwrite=True) as stage,
    ):
        write_set(stage, {"a.txt": "a"})
    assert "is not empty and has no .ghost-manifest.json" in str(info.value)
    assert "pass --force to write beside them (they are kept)" in str(info.value)
    assert tree(user_files) == before
    assert sorted(p.name for p in user_files.parent.iterdir()) == ["mine"]


def test_force_writes_beside_the_users_files(user_files):
    before = tree(user_files)
    with atomic.manifest_dir(user_files, force=True) as stage:
        write_set(stage, {"a.txt": "a"})
    after = tree(user_files)
    assert {k: after[k] for k in before} == before
    assert set(after) - set(before) == {"a.txt", atomic.MANIFEST}
    assert json.loads((user_files / atomic.MANIFEST).read_text()) == {"files": ["a.txt"]}


def test_a_new_file_clashing_with_a_users_file_needs_force(tmp_path):
    out = tmp_path / "set"
    with atomic.manifest_dir(out) as stage:
        write_set(stage, {"a.txt": "a"})
    (out / "README.md").write_text("the user's readme")
    before = tree(out)
    with (
        pytest.raises(UsageError, match=r"README.md is not ghost's and would be replaced"),
        atomic.manifest_dir(out, overwrite=True) as stage,
    ):
        write_set(stage, {"a.txt": "b", "README.md": "ghost's readme"})
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["set"]


@pytest.mark.parametrize("listed", ["../victim.txt", "sub/../../victim.txt", "/VICTIM"])
def test_a_hostile_manifest_cannot_reach_outside(tmp_path, listed):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "set"
    out.mkdir()
    name = str(victim) if listed == "/VICTIM" else listed
    (out / atomic.MANIFEST).write_text(json.dumps({"files": [name]}))
    with (
        pytest.raises(UsageError, match="outside the folder"),
        atomic.manifest_dir(out, overwrite=True) as stage,
    ):
        write_set(stage, {"a.txt": "a"})
    assert victim.read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == [atomic.MANIFEST]


@pytest.mark.parametrize("text", ["{not json", '{"files": 3}', "[]"])
def test_a_malformed_manifest_is_refused(tmp_path, text):
    out = tmp_path / "set"
    out.mkdir()
    (out / atomic.MANIFEST).write_text(text)
    with (
        pytest.raises(UsageError, match=r"is not a ghost manifest"),
        atomic.manifest_dir(out, overwrite=True),
    ):
        pass
    assert (out / atomic.MANIFEST).read_text() == text


def test_a_symlinked_subfolder_cannot_lead_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.png").write_text("outside file")
    out = tmp_path / "set"
    out.mkdir()
    (out / "images").symlink_to(outside)
    (out / atomic.MANIFEST).write_text(json.dumps({"files": ["images/a.png"]}))
    with (
        pytest.raises(UsageError, match=r"leads outside .* \(a symlink\)"),
        atomic.manifest_dir(out, overwrite=True) as stage,
    ):
        write_set(stage, {"images/a.png": "new"})
    assert (outside / "a.png").read_text() == "outside file"


def test_a_symlink_as_the_folder_is_refused(tmp_path, user_files):
    link = tmp_path / "link"
    link.symlink_to(user_files)
    before = tree(user_files)
    with (
        pytest.raises(UsageError, match=r"link is not a folder"),
        atomic.manifest_dir(link, force=True),
    ):
        pass
    assert tree(user_files) == before


def test_an_error_while_writing_leaves_the_folder_untouched(tmp_path):
    out = tmp_path / "set"
    with atomic.manifest_dir(out) as stage:
        write_set(stage, {"a.txt": "a"})
    before = tree(out)
    with pytest.raises(KeyboardInterrupt), atomic.manifest_dir(out, overwrite=True) as stage:
        write_set(stage, {"b.txt": "b"})
        raise KeyboardInterrupt
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["set"]


# --- ghost data synth through the CLI ---------------------------------------------------


def synth(out: Path, *extra: str, seed: str = "1") -> subprocess.CompletedProcess:
    return run_ghost(
        "data", "synth", "--n", "2", "--seed", seed, "--renderer", "pillow", "--out", str(out),
        *extra,
    )  # fmt: skip


def test_synth_overwrite_keeps_the_users_files(tmp_path):
    out = tmp_path / "set"
    assert synth(out).returncode == 0
    (out / "my-notes.md").write_text("labelling notes")
    (out / "images" / "my-shot.png").write_bytes(b"\x89PNG mine")
    mine = {k: v for k, v in tree(out).items() if "my-" in k}
    result = synth(out, "--overwrite", seed="2")
    assert result.returncode == 0, result.stderr
    after = tree(out)
    assert {k: after[k] for k in mine} == mine
    assert not any(k.startswith("images/s1-") for k in after)
    listed = json.loads((out / atomic.MANIFEST).read_text())["files"]
    assert set(after) == set(listed) | set(mine) | {atomic.MANIFEST}


def test_synth_refuses_a_folder_it_did_not_make(user_files):
    before = tree(user_files)
    result = synth(user_files, "--overwrite")
    assert result.returncode == EXIT_USAGE
    line = error_line(result)
    assert f"Error: {user_files} is not empty and has no .ghost-manifest.json" in line
    assert "(pass --force to write beside them (they are kept)" in line
    assert tree(user_files) == before
    assert sorted(p.name for p in user_files.parent.iterdir()) == ["mine"]


def test_synth_force_writes_beside_the_users_files(user_files):
    before = tree(user_files)
    result = synth(user_files, "--force")
    assert result.returncode == 0, result.stderr
    after = tree(user_files)
    assert {k: after[k] for k in before} == before
    assert (user_files / "train.jsonl").is_file() and (user_files / atomic.MANIFEST).is_file()


def test_synth_without_overwrite_refuses_its_own_folder(tmp_path):
    out = tmp_path / "set"
    assert synth(out).returncode == 0
    before = tree(out)
    result = synth(out, seed="2")
    assert result.returncode == EXIT_USAGE
    assert error_line(result).startswith(f"Error: {out} already exists (pass --overwrite")
    assert tree(out) == before


@pytest.mark.parametrize("name", ["my data set", "données ünïcode", "screens 🚀 v2"])
def test_synth_paths_with_spaces_and_unicode(tmp_path, name):
    out = tmp_path / name / "out set"
    result = synth(out)
    assert result.returncode == 0, result.stderr
    assert (
        len((out / "train.jsonl").read_text().splitlines())
        + len((out / "test.jsonl").read_text().splitlines())
        + len((out / "val.jsonl").read_text().splitlines())
        == 2
    )
    assert sorted(p.name for p in (tmp_path / name).iterdir()) == ["out set"]


# --- --out refuses to overwrite without --force -----------------------------------------


def test_perceive_refuses_an_existing_out(tmp_path, one_shot):
    out = tmp_path / "out.jsonl"
    out.write_text("the user's records\n")
    result = run_ghost("data", "perceive", str(one_shot), "--out", str(out))
    assert result.returncode == EXIT_USAGE
    assert error_line(result) == f"Error: {out} already exists {USAGE_FIX}"
    assert out.read_text() == "the user's records\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


@pytest.mark.parametrize("dangling", [False, True])
def test_perceive_refuses_a_symlinked_out(tmp_path, one_shot, dangling):
    passwd = tmp_path / "passwd"
    if not dangling:
        passwd.write_text("root:x:0:0\n")
    out = tmp_path / "out.jsonl"
    out.symlink_to(passwd)
    result = run_ghost("data", "perceive", str(one_shot), "--out", str(out))
    assert result.returncode == EXIT_USAGE
    assert error_line(result) == f"Error: {out} already exists {USAGE_FIX}"
    assert out.is_symlink()
    assert passwd.exists() != dangling
    if not dangling:
        assert passwd.read_text() == "root:x:0:0\n"


def test_perceive_force_replaces_the_link_never_its_target(tmp_path, one_shot):
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0\n")
    out = tmp_path / "out ü.jsonl"
    out.symlink_to(passwd)
    result = run_ghost("data", "perceive", str(one_shot), "--out", str(out), "--force")
    assert result.returncode == 0, result.stderr
    assert passwd.read_text() == "root:x:0:0\n"
    assert not out.is_symlink()
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["s8-00006"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out ü.jsonl", "passwd"]


@pytest.mark.parametrize("report", ["cases.jsonl", "summary.json"])
def test_eval_refuses_existing_reports(tmp_path, report):
    (tmp_path / report).write_text("an earlier report\n")
    result = run_ghost(
        "eval", "--data", str(SAMPLE / "test.jsonl"), "--engine", "heuristic", "--no-baselines",
        "--limit", "1", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == EXIT_USAGE
    assert error_line(result) == f"Error: {tmp_path / report} already exists {USAGE_FIX}"
    assert [p.name for p in tmp_path.iterdir()] == [report]
    assert (tmp_path / report).read_text() == "an earlier report\n"


def test_eval_force_replaces_its_reports(tmp_path):
    (tmp_path / "summary.json").write_text("old")
    (tmp_path / "keep.txt").write_text("the user's")
    result = run_ghost(
        "eval", "--data", str(SAMPLE / "test.jsonl"), "--engine", "heuristic", "--no-baselines",
        "--limit", "1", "--out", str(tmp_path), "--force",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "summary.json").read_text())["heuristic"]["cases"] == 1
    assert (tmp_path / "keep.txt").read_text() == "the user's"


def export_adapter(out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_ghost("export", str(SHIPPED_RUN), "--to", "adapter", "--out", str(out), *extra)


def test_export_refuses_an_output_it_did_not_write(tmp_path):
    mine = tmp_path / "adapters" / "ghost-architect"
    mine.mkdir(parents=True)
    (mine / "adapter_model.safetensors").write_bytes(b"the user's adapter")
    before = tree(tmp_path)
    result = export_adapter(tmp_path)
    assert result.returncode == EXIT_USAGE
    assert error_line(result) == f"Error: {mine} already exists {USAGE_FIX}"
    assert tree(tmp_path) == before


def test_export_reuses_its_own_up_to_date_output_and_force_replaces(tmp_path):
    first = export_adapter(tmp_path)
    assert first.returncode == 0, first.stderr
    target = tmp_path / "adapters" / "ghost-architect"
    assert (target / "README.md").is_file()
    again = export_adapter(tmp_path)
    assert again.returncode == 0 and "adapter: up to date" in again.stderr
    (target / "README.md").write_text("edited by hand")
    (target / ".ghost-export.json").unlink()
    refused = export_adapter(tmp_path)
    assert refused.returncode == EXIT_USAGE
    assert (target / "README.md").read_text() == "edited by hand"
    forced = export_adapter(tmp_path, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (target / "README.md").read_text().startswith("# ghost-architect")


def test_gguf_export_never_replaces_a_user_file_named_like_its_f16(tmp_path, monkeypatch):
    """The f16 GGUF is an intermediate beside the quantised one: a file of that name that ghost
    did not write is refused (exit 2) and kept; one it wrote (stamped) is reused as scratch."""
    from ghost_architect.config import load_config
    from ghost_architect.errors import UsageError
    from ghost_architect.export import stages
    from ghost_architect.export.base import ExportContext, stamp_path

    converted: list[Path] = []
    monkeypatch.setattr(stages, "is_vision_checkpoint", lambda path: False)
    monkeypatch.setattr(stages, "convert_to_f16", lambda merged, f16: (
        converted.append(f16), f16.write_bytes(b"GGUF f16")))  # fmt: skip
    monkeypatch.setattr(stages, "quantize", lambda f16, out, quant: out.write_bytes(b"GGUF q8"))
    ctx = ExportContext(
        tmp_path / "run", tmp_path / "out", "m", "q8_0", load_config(), say=lambda _: None
    )
    f16 = ctx.gguf_file("f16")
    f16.parent.mkdir(parents=True)
    f16.write_bytes(b"my own model")
    with pytest.raises(UsageError, match=r"m-f16\.gguf already exists"):
        stages.GgufExporter().run(ctx, ctx.gguf_file())
    assert f16.read_bytes() == b"my own model" and converted == []
    f16.unlink()
    stages.GgufExporter().run(ctx, ctx.gguf_file())
    assert stamp_path(f16).exists() and ctx.gguf_file().read_bytes() == b"GGUF q8"
    stages.GgufExporter().run(ctx, ctx.gguf_file())  # its own intermediate: no refusal
    assert converted == [f16, f16]
