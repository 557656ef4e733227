#!/usr/bin/env bash
# Fills data/ in the task's copy with files of known sizes (incompressible bytes, written in full, no holes).
set -euo pipefail
mkdir -p data/raw data/cache/tiles data/out
python3 - <<'PY'
import random
rng = random.Random(8)
sizes = {"data/cache/tiles/z10.bin": 3 << 20, "data/cache/tiles/z11.bin": 2 << 20, "data/cache/index.bin": 1 << 20,
         "data/raw/orders-2024.csv": 768 << 10, "data/raw/orders-2023.csv": 256 << 10, "data/out/report.pdf": 128 << 10}
for path, size in sizes.items():
    with open(path, "wb") as fh:
        fh.write(rng.randbytes(size))
PY
