"""Pack rendered screenshot chunks for perception on the GPU machine (`gpu_retrain.sh perceive`).

The GPU machine has 16 cores but no Chromium, and one device call carries at most 64 MiB with
the checkout: screens are rendered here (`ghost data synth`), their PNGs re-encoded as lossless
WebP (2.6x smaller on synthetic screens, the same RGB pixels, which `ghost data perceive` reads
like the PNGs), and each chunk becomes one tar (its train.jsonl pointing at the WebPs, and the
images), grouped into pieces of at most --max-mb under .gpu-carry/scrN/.

  python benchmarks/gpu_screens.py CHUNK_DIR... [--max-mb 28] [--workers 2]

A CHUNK_DIR is a `ghost data synth --splits train` output folder (train.jsonl + images/).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import tarfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from ghost_architect.perception.image import normalised

CARRY = Path(".gpu-carry")


def webp_bytes(png: Path) -> bytes:
    """The screenshot as lossless WebP of the RGB pixels perception reads from it (transparency laid
    on white, EXIF rotation applied: perception.image.normalised)."""
    with Image.open(png) as image:
        buffer = io.BytesIO()
        normalised(image).save(buffer, "WEBP", lossless=True, method=2)
    return buffer.getvalue()


def pack_chunk(chunk: Path, tar_path: Path) -> int:
    """One tar of CHUNK/train.jsonl (images renamed .webp) and the WebPs; returns its bytes."""
    records = [json.loads(line) for line in (chunk / "train.jsonl").read_text().splitlines()]
    staged = tar_path.with_suffix(".tmp")
    with tarfile.open(staged, "w") as tar:
        for record in records:
            webp = str(Path(record["image"]).with_suffix(".webp"))
            data = webp_bytes(chunk / record["image"])
            add_bytes(tar, f"{chunk.name}/{webp}", data)
            record["image"] = webp
        text = "".join(json.dumps(record) + "\n" for record in records)
        add_bytes(tar, f"{chunk.name}/train.jsonl", text.encode())
    staged.replace(tar_path)
    return tar_path.stat().st_size


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chunks", nargs="+", type=Path)
    parser.add_argument("--max-mb", type=float, default=28.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    staging = CARRY / "scr-staging"
    staging.mkdir(parents=True, exist_ok=True)
    todo = [c for c in args.chunks if not (staging / f"{c.name}.tar").exists()]
    with ProcessPoolExecutor(args.workers) as pool:
        tars = [staging / f"{c.name}.tar" for c in todo]
        for chunk, size in zip(todo, pool.map(pack_chunk, todo, tars), strict=True):
            print(f"{chunk}: {size / 2**20:.1f} MiB")
    for old in CARRY.glob("scr[0-9]*"):
        shutil.rmtree(old)
    piece, used = 0, 0.0
    for chunk in args.chunks:
        tar = staging / f"{chunk.name}.tar"
        size = tar.stat().st_size / 2**20
        if used and used + size > args.max_mb:
            piece, used = piece + 1, 0.0
        target = CARRY / f"scr{piece}"
        target.mkdir(exist_ok=True)
        (target / tar.name).hardlink_to(tar)
        used += size
    for target in sorted(CARRY.glob("scr[0-9]*")):
        names = sorted(t.name for t in target.glob("*.tar"))
        total = sum(t.stat().st_size for t in target.glob("*.tar")) / 2**20
        print(f"{target}: {', '.join(names)} ({total:.1f} MiB)")


if __name__ == "__main__":
    main()
