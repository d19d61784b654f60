#!/usr/bin/env bash
# Builds the pieces benchmarks/gpu_retrain.sh carries to the GPU machine, each under ~44 MB in a
# git-ignored .gpu-carry/ folder: site/ (py3.12 wheels the GPU image lacks: OCR, CLI, plotting),
# g0..g5 (the 270M GGUF split), d0..dN (train screenshots of data/generated/synth-v2 as lossless
# WebP, about half the bytes of PNG, pixel-identical once decoded; d0 also holds train.jsonl).
set -euo pipefail
D=${1:-data/generated/synth-v2}
rm -rf .gpu-carry && mkdir -p .gpu-carry/site
plat=(--only-binary=:all: --python-version 3.12 --implementation cp --platform any
      --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64)
python3 -m pip download -q --no-deps "${plat[@]}" -d .gpu-carry/site rapidocr-onnxruntime pyclipper \
  shapely six pyyaml sqlglot pluggy click rich markdown-it-py mdurl pygments tomli-w gguf datasketch \
  faker matplotlib kiwisolver cycler fonttools contourpy pyparsing python-dateutil
gguf=$(.venv/bin/python -c "from ghost_architect.models.offline import gemma_270m_gguf as g; print(g())")
split -b 44000000 -d -a 1 "$gguf" /tmp/gguf.part.
for p in /tmp/gguf.part.*; do mkdir -p ".gpu-carry/g${p##*.}" && mv "$p" ".gpu-carry/g${p##*.}/"; done
.venv/bin/python - "$D" <<'PY'
import io, json, sys, tarfile
from pathlib import Path
from PIL import Image
src, out = Path(sys.argv[1]), Path(".gpu-carry")
ids = [json.loads(line)["id"] for line in (src / "train.jsonl").read_text().splitlines()]
piece, size, tar = 0, 0, None
for i in ids:
    buf = io.BytesIO()
    Image.open(src / "images" / f"{i}.png").save(buf, "WEBP", lossless=True, quality=100, method=4)
    if tar is None or size + buf.tell() > 42_000_000:
        if tar:
            tar.close()
        (out / f"d{piece}").mkdir()
        tar, size, piece = tarfile.open(out / f"d{piece}" / "shots.tar", "w"), 0, piece + 1
    info = tarfile.TarInfo(f"{i}.webp")
    info.size = buf.tell()
    buf.seek(0)
    tar.addfile(info, buf)
    size += info.size
tar.close()
(out / "d0" / "train.jsonl").write_text((src / "train.jsonl").read_text())
print(f"{len(ids)} screenshots in {piece} pieces")
PY
du -sh .gpu-carry/*
