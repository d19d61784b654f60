"""Hostile screenshots and replies through `ghost infer`: odd images are normalised or refused
with exit code 3, a reply with no schema exits 4, machine output stays parseable, a folder
batch never stops on one bad file, and no --out file is replaced without --force."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, run_ghost
from ollama_stub import OllamaStub
from PIL import Image

from ghost_architect.errors import GhostError
from ghost_architect.perception.image import load_image

SAMPLE = ROOT / "data" / "samples" / "images" / "s8-00003.png"
HEURISTIC = ("--engine", "heuristic")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def grey(path: Path = SAMPLE) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"), dtype=np.float64)


@pytest.mark.parametrize(
    ("save", "tolerance"),
    [
        (lambda im, p: Image.fromarray((grey() * 257).astype(np.uint16)).save(p), 1.0),  # 16-bit
        (lambda im, p: im.convert("P", palette=Image.Palette.ADAPTIVE).save(p), 12.0),
        (lambda im, p: im.convert("CMYK").save(p.with_suffix(".jpg"), quality=95), 12.0),
        (lambda im, p: im.convert("LA").save(p), 1.0),
    ],
    ids=["16-bit", "palette", "cmyk-jpeg", "grey-alpha"],
)
def test_odd_encodings_load_as_the_screen_a_person_sees(tmp_path, save, tolerance):
    path = tmp_path / "shot.png"
    save(Image.open(SAMPLE).convert("RGB"), path)
    path = path if path.exists() else path.with_suffix(".jpg")
    image, _ = load_image(path)
    assert image.mode == "RGB" and image.size == Image.open(SAMPLE).size
    assert np.abs(np.asarray(image.convert("L"), dtype=np.float64) - grey()).mean() < tolerance


def test_transparent_background_is_laid_on_white(tmp_path):
    rgb = Image.open(SAMPLE).convert("RGB")
    alpha = Image.fromarray(np.where(grey() > 250, 0, 255).astype(np.uint8))
    Image.merge("RGBA", (*Image.new("RGB", rgb.size, "black").split(), alpha)).save(
        tmp_path / "a.png"
    )
    image, _ = load_image(tmp_path / "a.png")
    pixels = np.asarray(image.convert("L"))
    assert pixels[grey() > 250].min() == 255 and pixels[grey() <= 250].max() == 0


def test_exif_rotation_is_applied(tmp_path):
    rotated = Image.open(SAMPLE).convert("RGB").rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned 90 degrees left: a viewer turns it right to show it
    rotated.save(tmp_path / "r.jpg", exif=exif, quality=95)
    image, _ = load_image(tmp_path / "r.jpg")
    assert image.size == Image.open(SAMPLE).size
    assert np.abs(np.asarray(image.convert("L"), dtype=np.float64) - grey()).mean() < 12


@pytest.mark.parametrize(
    ("size", "message"),
    [((1, 1), "1x1 is too small to hold readable text"),
     ((20000, 50), "20000x50 is not a screen (sides more than 30:1)"),
     ((40, 4000), "40x4000 is not a screen")],
)  # fmt: skip
def test_slivers_and_dots_are_refused(tmp_path, size, message):
    Image.new("RGB", size, "white").save(tmp_path / "x.png")
    with pytest.raises(GhostError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        load_image(tmp_path / "x.png")
    assert info.value.code == 3


def test_a_blank_screen_is_nothing_readable_exit_3(tmp_path):
    Image.new("RGB", (800, 600), "white").save(tmp_path / "blank.png")
    result = run_ghost("infer", str(tmp_path / "blank.png"), *HEURISTIC)
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'blank.png'}: nothing readable (perception found 0 words of text; "
        "no schema is guessed from that) (pass a screenshot whose labels are legible)"
    ]


def test_json_to_a_pipe_is_never_wrapped(tmp_path):
    result = run_ghost("infer", str(SAMPLE), *HEURISTIC, "--format", "json",
                       env={"COLUMNS": "40", "FORCE_COLOR": "1"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["tables"] and "\x1b[" not in result.stdout
    sql = run_ghost("infer", str(SAMPLE), *HEURISTIC, env={"COLUMNS": "20"})
    longest = max(len(line) for line in sql.stdout.splitlines())
    assert longest > 20 and sql.stdout.count("CREATE TABLE") == len(schema["tables"])


def test_out_is_never_replaced_without_force(tmp_path):
    out = tmp_path / "mine.sql"
    out.write_text("my own notes\n")
    before = sha(out)
    refused = run_ghost("infer", str(SAMPLE), *HEURISTIC, "--out", str(out))
    assert refused.returncode == 2 and sha(out) == before
    assert refused.stderr.strip() == (
        f"Error: {out} already exists (pass --force to replace it, or choose another --out)"
    )
    forced = run_ghost("infer", str(SAMPLE), *HEURISTIC, "--out", str(out), "--force")
    assert forced.returncode == 0 and out.read_text().startswith("CREATE TABLE")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.sql"]


def test_forced_out_through_a_symlink_replaces_the_link_not_its_target(tmp_path):
    precious = tmp_path / "passwd"
    precious.write_text("root:x:0:0\n")
    link = tmp_path / "schema.sql"
    link.symlink_to(precious)
    result = run_ghost("infer", str(SAMPLE), *HEURISTIC, "--out", str(link), "--force")
    assert result.returncode == 0, result.stderr
    assert precious.read_text() == "root:x:0:0\n" and not link.is_symlink()


def broken_folder(root: Path) -> Path:
    """Two good screenshots and five bad files, with a space and unicode in the folder name."""
    folder = root / "shots é 1"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a good.png")
    shutil.copy(SAMPLE, folder / "z-good.png")
    (folder / "empty.png").write_bytes(b"")
    (folder / "text.png").write_text("not an image")
    (folder / "cut.png").write_bytes(SAMPLE.read_bytes()[:3000])
    Image.new("RGB", (800, 600), "white").save(folder / "blank.png")
    Image.new("RGB", (20000, 50), "white").save(folder / "sliver.png")
    return folder


def test_a_folder_batch_finishes_the_good_files_and_names_the_bad(tmp_path):
    folder = broken_folder(tmp_path)
    out = tmp_path / "out"
    result = run_ghost("infer", str(folder), *HEURISTIC, "--out", str(out))
    assert result.returncode == 3
    assert sorted(p.name for p in out.iterdir()) == ["a good.sql", "z-good.sql"]
    for name, why in [("empty.png", "empty file"), ("text.png", "not an image"),
                      ("cut.png", "truncated or corrupt"), ("blank.png", "nothing readable"),
                      ("sliver.png", "20000x50 is not a screen")]:  # fmt: skip
        assert f"{name}: {why}" in result.stderr
    assert f"wrote schemas to {out}: 2 of 7 screenshots; 5 unreadable" in result.stderr


def test_a_folder_as_json_lines_gives_one_object_per_file_in_order(tmp_path):
    folder = broken_folder(tmp_path)
    result = run_ghost("infer", str(folder), *HEURISTIC, "--format", "json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["image"]).name for o in lines] == sorted(p.name for p in folder.iterdir())
    assert {Path(o["image"]).name: o["status"] for o in lines} == {
        "a good.png": "ok", "blank.png": "unreadable", "cut.png": "unreadable",
        "empty.png": "unreadable", "sliver.png": "unreadable", "text.png": "unreadable",
        "z-good.png": "ok",
    }  # fmt: skip
    assert all(o["tables"] for o in lines if o["status"] == "ok")
    assert all(o["exit_code"] == 3 for o in lines if o["status"] != "ok")
    assert result.returncode == 3


def test_a_folder_batch_refuses_before_writing_when_an_output_exists(tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    for name in ("a.png", "b.png"):
        shutil.copy(SAMPLE, folder / name)
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.sql").write_text("keep me")
    result = run_ghost("infer", str(folder), *HEURISTIC, "--out", str(out))
    assert result.returncode == 2 and "b.sql already exists" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["b.sql"]
    assert (out / "b.sql").read_text() == "keep me"


REPLIES = {
    "prose": ("I am sorry, I cannot read that screenshot.", 4),
    "only-drops": ("DROP TABLE users; ATTACH DATABASE 'pwned.db' AS p;", 4),
    "deep": ("CREATE TABLE t (a INT DEFAULT " + "(" * 60 + "1" + ")" * 60 + ");", 4),
    "injection": (
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a \"INT); ATTACH DATABASE 'pwned.db' AS p; --\""
        ", b TEXT DEFAULT (load_extension('evil')), c INT CHECK (c IN (SELECT 1)));"
        "\nDROP TABLE t; ATTACH DATABASE 'pwned.db' AS q;",
        0,
    ),
}


@pytest.mark.parametrize("kind", list(REPLIES))
def test_hostile_ollama_replies(tmp_path, kind):
    reply, code = REPLIES[kind]
    image = tmp_path / "shot.png"
    shutil.copy(SAMPLE, image)
    with OllamaStub(reply=reply) as stub:
        # --no-ground: the sanitised reply itself, column by column (grounding would then drop
        # a, b and c, which no word on the screen names)
        result = run_ghost("infer", str(image), "--engine", "ollama", "--retries", "0",
                           "--no-ground", env={"OLLAMA_HOST": stub.host})  # fmt: skip
    assert result.returncode == code, result.stderr
    assert not (ROOT / "pwned.db").exists() and not (tmp_path / "pwned.db").exists()
    assert "Traceback" not in result.stderr
    if code == 4:
        assert result.stdout == ""
        assert "the model's reply gave no valid schema after 1 attempt(s)" in result.stderr
    else:
        assert (
            result.stdout
            == "CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  a TEXT,\n  b TEXT,\n  c INTEGER\n);\n"
        )


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    (tmp_path / "bomb.png").write_bytes(buffer.getvalue())
    assert (tmp_path / "bomb.png").stat().st_size < 100_000
    result = run_ghost("infer", str(tmp_path / "bomb.png"), *HEURISTIC)
    assert result.returncode == 3 and "larger than 60 megapixels" in result.stderr


def test_an_engine_that_hangs_is_one_line_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    for name in ("a.png", "b.png"):
        shutil.copy(SAMPLE, folder / name)
    with OllamaStub(hang=True) as stub:
        result = run_ghost("infer", str(folder), "--engine", "ollama", "--format", "json",
                           env={"OLLAMA_HOST": stub.host, "GHOST_OLLAMA_TIMEOUT": "2"})  # fmt: skip
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(o["image"]).name, o["exit_code"]) for o in lines] == [("a.png", 1), ("b.png", 1)]
    assert all(
        o["error"] == f"the Ollama server at {stub.host} did not answer within 2 s (check the "
        "server, or allow longer with GHOST_OLLAMA_TIMEOUT=SECONDS)"
        for o in lines
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["soon", "0", "-5", "inf", "nan"])
def test_a_bad_engine_timeout_is_a_usage_error(tmp_path, value):
    with OllamaStub() as stub:
        result = run_ghost("infer", str(SAMPLE), "--engine", "ollama",
                           env={"OLLAMA_HOST": stub.host, "GHOST_OLLAMA_TIMEOUT": value})  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: GHOST_OLLAMA_TIMEOUT={value} is not a positive number of seconds (e.g. 600)"
    )
